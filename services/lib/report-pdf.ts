import PDFDocument from "pdfkit";

/** What goes into a report: the word, when it was made, and its mentions (newest first). */
export interface ReportContent {
  readonly word: string;
  readonly generatedAt: Date;
  readonly mentions: readonly {
    readonly title: string;
    readonly url: string;
    readonly snippet: string | null;
    readonly publishedAt: Date | null;
    readonly foundAt: Date;
  }[];
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const formatDate = (date: Date) => `${dateFormat.format(date)} UTC`;

/**
 * Renders a report as an A4 PDF (pdfkit, built-in Helvetica): a title, the word, the date it was made,
 * then each mention's title (linked), date, link and snippet. The same content gives the same bytes,
 * since the document's creation date is `generatedAt`.
 */
export async function buildReportPdf(report: ReportContent): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    info: {
      Title: `Mentions of ${report.word}`,
      Author: "Word monitor",
      CreationDate: report.generatedAt,
      ModDate: report.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  doc.font("Helvetica-Bold").fontSize(22).fillColor("#111827").text("Word monitor report");
  doc.moveDown(0.3);
  doc.font("Helvetica").fontSize(14).fillColor("#111827").text(`Word: ${report.word}`);
  doc
    .fontSize(10)
    .fillColor("#4b5563")
    .text(`Generated ${formatDate(report.generatedAt)}`);
  doc.text(report.mentions.length === 1 ? "1 recent mention" : `${report.mentions.length} recent mentions`);
  doc.moveDown(1);

  if (report.mentions.length === 0) {
    doc
      .fontSize(12)
      .fillColor("#111827")
      .text(`No mentions of ${report.word} have been found yet. The monitor checks the feed every minute.`);
  }
  report.mentions.forEach((mention, index) => {
    doc
      .font("Helvetica-Bold")
      .fontSize(12)
      .fillColor("#1d4ed8")
      .text(`${index + 1}. ${mention.title}`, { link: mention.url, underline: false });
    doc
      .font("Helvetica")
      .fontSize(9)
      .fillColor("#4b5563")
      .text(`${formatDate(mention.publishedAt ?? mention.foundAt)} · ${mention.url}`);
    if (mention.snippet) doc.fontSize(10).fillColor("#111827").text(mention.snippet);
    doc.moveDown(0.8);
  });

  doc.end();
  return finished;
}
