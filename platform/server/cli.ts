import { createInterface } from "node:readline/promises";
import { checkPasswordPolicy } from "@consult/auth";
import { loadConfig } from "../app/config.server";
import { findAccountByEmail, insertAccount } from "../app/modules/accounts/accounts.server";
import { recordAudit } from "../app/modules/audit/audit.server";
import { createServices } from "../app/services.server";

/**
 * Operator commands. `admin:create` makes an approved administrator from values given as
 * --flags or typed at the prompts; the password comes from ADMIN_PASSWORD or a prompt, never
 * from the command line (it would stay in the shell history). TOTP is enrolled at first sign-in.
 */
async function adminCreate(args: Map<string, string>) {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const ask = async (flag: string, question: string) => args.get(flag) ?? (await rl.question(`${question}: `)).trim();
  const email = await ask("email", "E-mail");
  const nameKanji = await ask("name-kanji", "Name (kanji)");
  const nameKana = await ask("name-kana", "Name (kana)");
  const institution = await ask("institution", "Institution");
  const department = await ask("department", "Department");
  const password = process.env.ADMIN_PASSWORD ?? (await rl.question("Password (12+ characters): "));
  rl.close();

  const problem = checkPasswordPolicy(password, [email, nameKanji]);
  if (problem) throw new Error(`password refused: ${problem.replaceAll("_", " ")}`);
  if (!email.includes("@") || !nameKanji || !nameKana || !institution || !department) {
    throw new Error("every field is required");
  }

  const services = await createServices(loadConfig({ ...process.env, LOG_LEVEL: "warn" }));
  try {
    if (await findAccountByEmail(services.db, email)) throw new Error("an account with this e-mail already exists");
    const admin = await services.db.transaction(async (tx) => {
      const created = await insertAccount(
        tx,
        { email, nameKanji, nameKana, institution, department, licenceNumber: args.get("licence") ?? "-" },
        password,
        { role: "admin", status: "approved", emailVerifiedAt: services.clock.now() },
      );
      await recordAudit(tx, {
        action: "account.create_admin", outcome: "success", actor: null,
        subject: { type: "user", id: created.id }, detail: { via: "cli" }, meta: null,
      });
      return created;
    });
    process.stdout.write(`Administrator created (id ${admin.id}). Two-factor enrolment follows at first sign-in.\n`);
  } finally {
    await services.close();
  }
}

function parseFlags(argv: string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]!);
    if (!match) continue;
    flags.set(match[1]!, match[2] ?? argv[++i] ?? "");
  }
  return flags;
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (args: Map<string, string>) => Promise<void>> = { "admin:create": adminCreate };
const run = command ? commands[command] : undefined;
if (!run) {
  process.stderr.write(`Usage: cli <${Object.keys(commands).join("|")}> [--flags]\n`);
  process.exit(2);
}
run(parseFlags(rest)).catch((error: unknown) => {
  process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
