import { describe, expect, it } from "vitest";
import { GroupCommit, type GroupOutcome } from "./group-commit.js";

/** A commit the test finishes by hand, recording each group it was given. */
function manual() {
  const groups: number[][] = [];
  const finish: ((outcomes: GroupOutcome<string>[]) => void)[] = [];
  const fail: ((error: unknown) => void)[] = [];
  const commit = (items: number[]) => {
    groups.push(items);
    return new Promise<GroupOutcome<string>[]>((resolve, reject) => {
      finish.push(resolve);
      fail.push(reject);
    });
  };
  return { groups, finish, fail, commit };
}

describe("group commit", () => {
  it("sends the first item at once and the ones that arrive meanwhile together, each resolving with its own result", async () => {
    const c = manual();
    const group = new GroupCommit(c.commit);
    const results = [1, 2, 3].map((n) => group.add(n));
    expect(c.groups).toEqual([[1]]);
    c.finish[0]!([{ ok: true, value: "one" }]);
    await expect(results[0]).resolves.toBe("one");
    expect(c.groups).toEqual([[1], [2, 3]]);
    c.finish[1]!([{ ok: false, error: new Error("bad two") }, { ok: true, value: "three" }]);
    await expect(results[1]).rejects.toThrow("bad two");
    await expect(results[2]).resolves.toBe("three");
  });

  it("fails every item of a group whose commit fails, and goes on with the next", async () => {
    const c = manual();
    const group = new GroupCommit(c.commit);
    const first = group.add(1);
    const second = group.add(2);
    c.fail[0]!(new Error("disk gone"));
    await expect(first).rejects.toThrow("disk gone");
    c.finish[1]!([{ ok: true, value: "two" }]);
    await expect(second).resolves.toBe("two");
  });

  it("takes a commit that throws at once as a failed group", async () => {
    const group = new GroupCommit<number, string>(() => {
      throw new Error("closed");
    });
    await expect(group.add(1)).rejects.toThrow("closed");
  });

  it("rejects an item its commit gave no outcome for", async () => {
    const group = new GroupCommit<number, string>(async () => []);
    await expect(group.add(1)).rejects.toThrow(/no outcome/);
  });

  it("drain sends what waits even while a commit is in flight", () => {
    const c = manual();
    const group = new GroupCommit(c.commit);
    void group.add(1);
    void group.add(2);
    group.drain();
    expect(c.groups).toEqual([[1], [2]]);
  });
});
