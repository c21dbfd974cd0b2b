import { describe, expect, it } from "vitest";
import { renderTemplate, templateExpressions, templateProblem } from "./template.js";

describe("prompt templates", () => {
  it("renders digits, nested vars and the spell filter", () => {
    expect(renderTemplate("{{digits}}: {{ vars.booking.date }} / {{vars.n | spell}}", { digits: "1", vars: { booking: { date: "Fri" }, n: "42" } })).toBe("1: Fri / 4 2");
  });

  it("renders a missing value as nothing rather than failing the call", () => {
    expect(renderTemplate("[{{vars.missing.deep}}]", { vars: {} })).toBe("[]");
  });

  it("explains an unknown root or filter", () => {
    const [root, filter] = templateExpressions("{{user.name}} {{digits | shout}}");
    expect(templateProblem(root!)).toMatch(/starts with user; expected one of digits, vars/);
    expect(templateProblem(filter!)).toMatch(/"\| shout" is not a filter/);
  });
});
