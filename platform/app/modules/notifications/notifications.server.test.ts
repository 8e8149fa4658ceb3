import { testDatabases } from "@consult/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSubmittedCase } from "../../../test/cases";
import { startTestPlatform, type TestPlatform } from "../../../test/platform-harness";
import { createAccount } from "../../../test/sessions";
import { listNotifications, markRead, queueNotification, unreadCount } from "./notifications.server";

describe.each(testDatabases())("notifications on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  it("lists a user's notifications newest first with the case number, and marks only their own read", async () => {
    const db = platform.services.db;
    const user = await createAccount(platform, { role: "consultant" });
    const other = await createAccount(platform, { role: "consultant" });
    const { caseId, reference } = await createSubmittedCase(platform);
    await queueNotification(db, { userId: user.id, kind: "case.assigned", caseId, now: platform.clock.now() });
    platform.clock.advance(1000);
    await queueNotification(db, { userId: user.id, kind: "account.notice", caseId: null, now: platform.clock.now() });
    await queueNotification(db, { userId: other.id, kind: "case.assigned", caseId, now: platform.clock.now() });

    const listed = await listNotifications(db, user.id);
    expect(listed.map((n) => [n.kind, n.caseReference, n.readAt])).toEqual([
      ["account.notice", null, null],
      ["case.assigned", reference, null],
    ]);
    expect(await unreadCount(db, user.id)).toBe(2);

    const othersId = (await listNotifications(db, other.id))[0]!.id;
    expect(await markRead(db, user.id, [listed[1]!.id, othersId], platform.clock.now())).toBe(1);
    expect(await markRead(db, user.id, [listed[1]!.id], platform.clock.now())).toBe(0);
    expect(await markRead(db, user.id, [], platform.clock.now())).toBe(0);
    expect(await unreadCount(db, user.id)).toBe(1);
    expect(await unreadCount(db, other.id)).toBe(1);
    expect((await listNotifications(db, user.id, { unreadOnly: true })).map((n) => n.kind)).toEqual(["account.notice"]);
    expect((await listNotifications(db, user.id))[1]!.readAt).toEqual(platform.clock.now());
  });
});
