import { describe, expect, it } from "vitest";
import { parseDurationArg } from "../../src/ops/duration-arg";
import { formatLogLine } from "../../src/ops/format-log";
import { parseJsonText } from "../../src/ops/parse-json";
import { createProgress } from "../../src/ops/progress";
import { testIo } from "./helpers/test-io";

describe("progress", () => {
  it("stays quiet for work under a second", () => {
    const { io, out } = testIo({ cwd: "/", tickMs: 100 });
    const progress = createProgress(io, "Moving");
    progress.update(1, 3);
    progress.update(2, 3);
    progress.finish("done");
    expect(out.stderr()).toBe("");
  });

  it("prints a line every five seconds without a terminal, once past a second", () => {
    const { io, out, clock } = testIo({ cwd: "/" });
    const progress = createProgress(io, "Moving");
    clock.now += 1500;
    progress.update(1, 10);
    clock.now += 1000;
    progress.update(2, 10);
    clock.now += 5000;
    progress.update(7, 10);
    progress.finish("Moved 10.");
    expect(out.stderr()).toBe("Moving: 1/10 (2s)\nMoving: 7/10 (8s)\nMoved 10.\n");
  });

  it("redraws one line on a terminal and clears it at the end", () => {
    const { io, out, clock } = testIo({ cwd: "/", interactive: true });
    const progress = createProgress(io, "Waiting");
    clock.now += 2000;
    progress.tick();
    clock.now += 1000;
    progress.tick();
    progress.finish();
    expect(out.stderr()).toBe("\rWaiting (2s)\x1b[K\rWaiting (3s)\x1b[K\r\x1b[K");
  });
});

describe("log lines", () => {
  it("leaves plain text alone and formats Nightshift and Lambda JSON lines", () => {
    expect(formatLogLine("END RequestId: 1\n")).toBe("END RequestId: 1");
    expect(formatLogLine('{"time":"t","level":"warn","message":"slow","job":"j","ms":900}')).toBe(
      't warn  slow {"ms":900}',
    );
    expect(formatLogLine('{"time":"t","type":"platform.start","record":{"requestId":"r1"}}')).toBe("t START r1");
    expect(
      formatLogLine(
        '{"time":"t","type":"platform.report","record":{"requestId":"r1","status":"timeout","metrics":{"durationMs":3000,"billedDurationMs":3000,"memorySizeMB":128,"maxMemoryUsedMB":90,"initDurationMs":210}}}',
      ),
    ).toBe("t REPORT duration 3000 ms, billed 3000 ms, memory 90/128 MB, init 210 ms, status timeout");
    expect(formatLogLine('{"not":"a log line"}')).toBe('{"not":"a log line"}');
  });
});

describe("command-line values", () => {
  it("parses short and long durations", () => {
    expect(parseDurationArg("--since", "90s")).toBe(90);
    expect(parseDurationArg("--since", "15m")).toBe(900);
    expect(parseDurationArg("--since", "2h")).toBe(7200);
    expect(parseDurationArg("--since", "1d")).toBe(86400);
    expect(parseDurationArg("--since", "30 minutes")).toBe(1800);
  });

  it("reports JSON errors with line, column and what was expected", () => {
    expect(() => parseJsonText('{"a": 1,}', "the payload argument")).toThrow(
      'the payload argument is not valid JSON: line 1, column 9: expected another key (no trailing comma), found "}".',
    );
    expect(() => parseJsonText("{'a': 1}", "p.json")).toThrow(
      'p.json is not valid JSON: line 1, column 2: expected a double-quoted string, found "\'".',
    );
    expect(() => parseJsonText('{"a": 1} x', "p.json")).toThrow(
      'p.json is not valid JSON: line 1, column 10: expected the end of the JSON, found "x".',
    );
    expect(() => parseJsonText('{"a": tru}', "p.json")).toThrow(
      'p.json is not valid JSON: line 1, column 10: expected "true", found "}".',
    );
    expect(() => parseJsonText("[1,\n 2,\n", "p.json")).toThrow(
      "p.json is not valid JSON: line 3, column 1: expected a value (object, array, string, number, true, false or null), found the end of the text.",
    );
    expect(parseJsonText(' {"a": [1, 2.5e3, "x\\n", null]} ', "p.json")).toEqual({ a: [1, 2500, "x\n", null] });
  });
});
