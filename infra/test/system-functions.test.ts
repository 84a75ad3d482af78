import { describe, expect, it } from "vitest";
import { EXTENSIONS } from "../extensions";
import { systemFunctions } from "../system-functions";

describe("systemFunctions", () => {
  it("lists exactly the functions the registered extensions deploy, without loading cdktf", () => {
    expect(systemFunctions()).toEqual(EXTENSIONS.flatMap((extension) => extension.systemFunctions ?? []));
    expect(systemFunctions().map((f) => f.name)).toEqual(["db-provisioner", "db-migrate"]);
  });
});
