import { testDatabases } from "@consult/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "../../../test/platform-harness";
import { registrationForm } from "../../../test/registration";

describe.each(testDatabases())("demo mailbox on $name", (database) => {
  let demo: TestPlatform;
  let regular: TestPlatform;
  beforeAll(async () => {
    [demo, regular] = await Promise.all([startTestPlatform(database, { demoMailbox: true }), startTestPlatform(database)]);
  });
  afterAll(() => Promise.all([demo?.close(), regular?.close()]));

  it("does not exist outside demo mode", async () => {
    expect((await regular.browser().get("/dev/mailbox")).status).toBe(404);
  });

  it("shows an empty mailbox before anything is sent", async () => {
    expect(await (await demo.browser().get("/dev/mailbox")).text()).toContain("まだメールはありません");
  });

  it("shows sent mail decoded, newest first, with the verification link clickable", async () => {
    const first = registrationForm();
    const second = registrationForm();
    for (const form of [first, second]) expect((await demo.browser().post("/register", form)).status).toBe(302);

    const html = await (await demo.browser().get("/dev/mailbox")).text();
    expect(html).toContain("メールアドレスの確認");
    expect(html.indexOf(second.email)).toBeGreaterThan(-1);
    expect(html.indexOf(second.email)).toBeLessThan(html.indexOf(first.email));
    const link = /<a href="https?:\/\/[^/"]+(\/verify-email\?token=[a-z2-7]+)"/.exec(html);
    expect(link).not.toBeNull();
    expect(await (await demo.browser().get(link![1]!)).text()).toContain("メールアドレスを確認する");
  });
});
