import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signOut } from "~/modules/session/session.server";

/** A link or an image cannot sign anyone out: GET is refused. */
export function loader(): never {
  throw new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}

/** Ends the session on the server and clears the cookie. */
export async function action({ request, context }: ActionFunctionArgs) {
  return redirect("/", { headers: { "Set-Cookie": await signOut(request, context) } });
}
