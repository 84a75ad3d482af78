import { type FieldSpec, type FieldTerm, parseFieldList, renderValues, UNIX_FIELDS } from "./fields";
import { got, ScheduleSyntaxError } from "./schedule-error";

/** Crontab nicknames and the 5-field crontab each stands for. `@reboot` has no schedule. */
export const UNIX_NICKNAMES: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

type SixFields = readonly [string, string, string, string, string, string];

/**
 * Converts a 5-field Unix crontab (`m h dom mon dow`, day-of-week 0-7 with 0 and 7 = Sunday) to
 * the six AWS fields with the same meaning, or explains why AWS cannot say the same thing.
 */
export function convertUnixCron(parts: readonly string[]): SixFields {
  const [minutes = "", hours = "", dom = "", month = "", dow = ""] = parts.map((part) => part.toUpperCase());
  const specs = [UNIX_FIELDS.minutes, UNIX_FIELDS.hours, UNIX_FIELDS["day-of-month"], UNIX_FIELDS.month];
  const plain = [minutes, hours, dom, month].map((text, i) => convertPlainField(text, specs[i] as FieldSpec));
  const [awsMinutes = "", awsHours = "", awsDom = "", awsMonth = ""] = plain;
  const awsDow = convertDayOfWeek(dow);
  if (dom === "*" && dow === "*") return [awsMinutes, awsHours, "*", awsMonth, "?", "*"];
  if (dow === "*") return [awsMinutes, awsHours, awsDom, awsMonth, "?", "*"];
  if (dom === "*") return [awsMinutes, awsHours, "?", awsMonth, awsDow, "*"];
  throw new ScheduleSyntaxError(
    `this crontab restricts both day-of-month (${got(dom)}) and day-of-week (${got(dow)}), so Unix cron runs when either matches; ` +
      `one AWS cron cannot say "either", so split it into two cron files: cron(${awsMinutes} ${awsHours} ${awsDom} ${awsMonth} ? *) and cron(${awsMinutes} ${awsHours} ? ${awsMonth} ${awsDow} *).`,
  );
}

function rejectAwsOnlySyntax(text: string, spec: FieldSpec): void {
  for (const item of text.split(",")) {
    const special = /[?#]/.test(item)
      ? (item.match(/[?#]/)?.[0] ?? "")
      : /^(\d*L|L-\d+|\d+W|LW|W)$/.test(item)
        ? item
        : "";
    if (special)
      throw new ScheduleSyntaxError(
        `a Unix crontab has no ${got(special)} (got ${got(text)} in ${spec.name}); write an AWS cron(...) expression to use ?, L, W or #.`,
      );
  }
}

/** Minutes, hours, day-of-month and month mean the same in both; only `*\/n` becomes the documented `min/n`. */
function convertPlainField(text: string, spec: FieldSpec): string {
  rejectAwsOnlySyntax(text, spec);
  const { terms } = parseFieldList(text, spec);
  return terms.map((term) => convertTerm(term, spec)).join(",");
}

function convertTerm(term: FieldTerm, spec: FieldSpec): string {
  if (!term.wildcard) return term.text;
  return term.step === 1 ? "*" : `${spec.min}/${term.step}`;
}

/** Unix 0-7 (0 and 7 = Sunday, 1 = Monday) to AWS 1-7 (1 = Sunday); day names mean the same in both. */
function convertDayOfWeek(text: string): string {
  const spec = UNIX_FIELDS["day-of-week"];
  rejectAwsOnlySyntax(text, spec);
  const { terms, values } = parseFieldList(text, spec);
  if (text === "*") return "*";
  if (terms.every((term) => term.named && term.step === 1 && /^[A-Z]{3}(-[A-Z]{3})?$/.test(term.text))) return text;
  const aws = new Set(values.map((value) => (value % 7) + 1));
  return renderValues([...aws].sort((a, b) => a - b));
}
