/**
 * A generated flow of `menus` menus (default 1,000) for the flow-size benchmark: a tree in which
 * every menu offers keys 1-9 and 0, each leading to a menu of its own until there are `menus` of
 * them, then to a spoken goodbye. The benchmark's walk (call in, then 1, 1, 1) hears three menus
 * and then a goodbye and hangup, as on the restaurant flow, so only the flow's size differs.
 * Prompts are about as long as the restaurant's. Valid per the flow schema (`switchboard validate`).
 */
import { writeFileSync } from "node:fs";
import { stringify } from "yaml";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"];

type Option = string | { say: string };

/** The flow as plain data (YAML-ready). */
export function bigFlow(menus = 1000): Record<string, unknown> {
  const tree: Record<string, { prompt: string; options: Record<string, Option> }> = {};
  const queue: { name: string; depth: number }[] = [{ name: "menu_0", depth: 0 }];
  let made = 1;
  for (let next = queue.shift(); next; next = queue.shift()) {
    const options: Record<string, Option> = {};
    for (const key of KEYS) {
      // Key 1 two menus down ends the call, so the walk 1, 1, 1 has the restaurant's shape.
      if (made < menus && !(next.depth === 2 && key === "1")) {
        const name = `menu_${made++}`;
        options[key] = name;
        queue.push({ name, depth: next.depth + 1 });
      } else {
        options[key] = { say: `You chose option ${key} in ${next.name}. Thank you for calling, goodbye.` };
      }
    }
    tree[next.name] = {
      prompt: `This is ${next.name}. Press 1 for the first department, 2 for the second, 3 for the third, and so on up to 0 for the tenth.`,
      options,
    };
  }
  return {
    version: 1,
    name: `generated-${menus}`,
    description: `A generated tree of ${menus} menus (bench/big-flow.ts).`,
    entry: "menu_0",
    defaults: {
      voiceProfile: "en-US-BenjaminRUS",
      capture: { minDigits: 1, maxDigits: 1, digitTimeout: 10000, overallTimeout: 10000, noOfTries: 2 },
      onInvalid: { say: "Invalid input, please call again.", then: "hangup" },
      onNoInput: { say: "Invalid input, please call again.", then: "hangup" },
    },
    menus: tree,
  };
}

/** Writes the flow as YAML to `path`. */
export function writeBigFlow(path: string, menus = 1000): void {
  writeFileSync(path, stringify(bigFlow(menus)));
}
