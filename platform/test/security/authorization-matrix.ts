import { getPlugin } from "~/modules/plugins/registry";
import { intakeFormFields, type FormFields } from "./form-fields";
import { MATRIX_ROLES, type ImagingOfA, type MatrixRole, type MatrixWorld } from "./matrix-fixtures";

/**
 * The authorization matrix: for every route, what each role gets for GET and POST. Routes are
 * keyed by their URL pattern (parameter names do not matter), and every route file under
 * app/routes must have an entry: authorization-matrix.test.ts fails on a route without one.
 *
 * A POST carries a body that passes validation but changes nothing (an event the case's state
 * refuses, a decision on an account that is not pending...), so the answer shows the
 * authorization decision, not a form error. Where a route checks the form before it looks the
 * case up, an invalid form answers every signed-in role alike (400, for any id, revealing
 * nothing), and a valid one shows the decision.
 */

/** What a role gets: a status, or a redirect whose Location matches. */
export type Expectation = number | { status: 302; to: RegExp };

const OK = 200;
const BAD_REQUEST = 400;
/** a wrong second-factor code */
const WRONG_CODE = 401;
const FORBIDDEN = 403;
/** not allowed, or not there: indistinguishable on purpose */
const HIDDEN = 404;
const NO_METHOD = 405;
const REFUSED = 409;
const SIGN_IN: Expectation = { status: 302, to: /^\/sign-in\?redirectTo=%2F/ };
const redirectTo = (to: RegExp): Expectation => ({ status: 302, to });
const TO_EDIT = redirectTo(/^\/cases\/[0-9a-f-]{36}\/edit$/);
const TO_CASE = redirectTo(/^\/cases\/[0-9a-f-]{36}$/);

type RoleExpectations = Record<MatrixRole, Expectation>;

/** One request of the matrix, with what each role gets for it. */
export type Probe = {
  label: string;
  method: "GET" | "POST";
  /** the path (and query) to ask for, in the fixture world */
  path: (world: MatrixWorld) => string;
  /** a POST's form fields */
  form?: (world: MatrixWorld) => Record<string, string> | FormFields;
  expect: RoleExpectations;
};

export type MatrixEntry = { probes: Probe[] };

/** `base` for every role, with some exceptions. */
function roles(base: Expectation, exceptions: Partial<RoleExpectations> = {}): RoleExpectations {
  return Object.fromEntries(MATRIX_ROLES.map((role) => [role, exceptions[role] ?? base])) as RoleExpectations;
}

/** Anonymous visitors go to sign-in; every signed-in role gets `answer`. */
const signedIn = (answer: Expectation, exceptions: Partial<RoleExpectations> = {}) => roles(answer, { anonymous: SIGN_IN, ...exceptions });

/** A submitted case of A's: A, the assigned consultant and the panel's coordinator get `answer`, everyone else 404. */
const circleOfA = (answer: Expectation, exceptions: Partial<RoleExpectations> = {}) =>
  signedIn(HIDDEN, { physicianA: answer, consultant: answer, coordinator: answer, ...exceptions });

/** B's submitted case: B, and the same consultant and coordinator (it is assigned like A's). */
const circleOfB = (answer: Expectation) => signedIn(HIDDEN, { physicianB: answer, consultant: answer, coordinator: answer });

/** A draft of A's: A alone. */
const draftOfA = (answer: Expectation, exceptions: Partial<RoleExpectations> = {}) => signedIn(HIDDEN, { physicianA: answer, ...exceptions });

const adminOnly = (answer: Expectation) => signedIn(HIDDEN, { admin: answer });

/** Approved and unapproved physicians (the page explains what an unapproved one may not do). */
const physicians = (answer: Expectation, exceptions: Partial<RoleExpectations> = {}) =>
  signedIn(HIDDEN, { unapproved: answer, physicianA: answer, physicianB: answer, ...exceptions });

const panelMembers = (answer: Expectation) =>
  signedIn(HIDDEN, { consultant: answer, panelPeer: answer, otherPanel: answer, coordinator: answer });

/** Ids nobody has: a random UUID, one that is not a UUID, an injection attempt, a path traversal. */
const GUESSED_IDS = ["6f1c2b7e-0d4a-4c1e-9a55-3d2f1e0b9c8a", "not-a-uuid", "1' OR '1'='1", "..%2F..%2Fetc%2Fpasswd"];

const get = (label: string, path: Probe["path"], expect: RoleExpectations): Probe => ({ label, method: "GET", path, expect });
const post = (label: string, path: Probe["path"], form: Probe["form"], expect: RoleExpectations): Probe => ({
  label,
  method: "POST",
  path,
  form,
  expect,
});

/** The same request with each guessed id: 404 for every signed-in role. */
function guessing(method: "GET" | "POST", pathOf: (id: string) => string, form?: Probe["form"]): Probe[] {
  return GUESSED_IDS.map((id) => ({ label: `guessed id ${id}`, method, path: () => pathOf(encodeURIComponent(id)), form, expect: signedIn(HIDDEN) }));
}

const nothing = () => ({});
const completeSubmission = (): FormFields => [["intent", "submit"], ["pluginId", "rectal-lr"], ...intakeFormFields()];

/**
 * DICOMweb (QIDO-RS searches, WADO-RS retrievals) of A's study, for every route shape: the
 * circle gets it, everyone else 404; A's UIDs asked for through B's case are not there either.
 */
function dicomweb(): Record<string, MatrixEntry> {
  const base = (caseId: string) => `/dicomweb/cases/${caseId}/studies`;
  // [pattern, path, whether it is a search (QIDO answers an empty list for what is not there)]
  const shapes: Array<[pattern: string, path: (imaging: ImagingOfA) => string, search: boolean]> = [
    ["", () => "", true],
    ["/:study/series", (i) => `/${i.studyUid}/series`, true],
    ["/:study/series/:series/instances", (i) => `/${i.studyUid}/series/${i.seriesUid}/instances`, true],
    ["/:study/series/:series/metadata", (i) => `/${i.studyUid}/series/${i.seriesUid}/metadata`, false],
    ["/:study/series/:series/instances/:instance", (i) => `/${i.studyUid}/series/${i.seriesUid}/instances/${i.sopUid}`, false],
    ["/:study/series/:series/instances/:instance/metadata", (i) => `/${i.studyUid}/series/${i.seriesUid}/instances/${i.sopUid}/metadata`, false],
    ["/:study/series/:series/instances/:instance/frames/:frameList", (i) => `/${i.studyUid}/series/${i.seriesUid}/instances/${i.sopUid}/frames/1`, false],
  ];
  return Object.fromEntries(
    shapes.map(([pattern, path, search]) => [
      `/dicomweb/cases/:caseId/studies${pattern}`,
      {
        probes: [
          get("A's study", (w) => base(w.a.submittedId) + path(w.a.imaging), circleOfA(OK)),
          // A's UIDs asked for through B's case, by those who may see B's case: not there
          get("A's study through B's case", (w) => base(w.b.submittedId) + path(w.a.imaging), circleOfB(search ? OK : HIDDEN)),
          ...(pattern === ""
            ? [
                get("B's case searched for A's study", (w) => `${base(w.b.submittedId)}?StudyInstanceUID=${w.a.imaging.studyUid}`, circleOfB(OK)),
                get("B's case searched for every patient", (w) => `${base(w.b.submittedId)}?PatientName=*&includefield=all`, circleOfB(OK)),
              ]
            : []),
          ...guessing("GET", (id) => base(id) + path({ studyUid: id, seriesUid: id, sopUid: id, documentId: id, manifestId: id })),
          post("DICOMweb", (w) => base(w.a.submittedId) + path(w.a.imaging), nothing, roles(NO_METHOD)),
        ],
      },
    ]),
  );
}

export const ROUTE_MATRIX: Record<string, MatrixEntry> = {
  "/": {
    probes: [get("home", () => "/", roles(OK)), post("home", () => "/", nothing, roles(NO_METHOD))],
  },
  "/register": {
    probes: [
      get("form", () => "/register", roles(OK)),
      // an empty form is refused before anything is counted or created
      post("empty form", () => "/register", nothing, roles(BAD_REQUEST)),
    ],
  },
  "/verify-email": {
    probes: [
      get("unknown token", () => "/verify-email?token=aaaa", roles(BAD_REQUEST)),
      post("unknown token", () => "/verify-email", () => ({ token: "aaaa" }), roles(BAD_REQUEST)),
    ],
  },
  "/sign-in": {
    probes: [
      get("form", () => "/sign-in", roles(redirectTo(/^\/$/), { anonymous: OK })),
      post("empty form", () => "/sign-in", nothing, roles(redirectTo(/^\/$/), { anonymous: BAD_REQUEST })),
    ],
  },
  "/sign-in/totp": {
    probes: [
      get("code step", () => "/sign-in/totp", roles(redirectTo(/^\/$/), { anonymous: redirectTo(/^\/sign-in$/) })),
      post("a code", () => "/sign-in/totp", () => ({ method: "totp", code: "000000" }), roles(redirectTo(/^\/$/), { anonymous: redirectTo(/^\/sign-in$/) })),
    ],
  },
  "/sign-out": {
    probes: [get("sign out", () => "/sign-out", roles(NO_METHOD)), post("sign out", () => "/sign-out", nothing, roles(redirectTo(/^\/$/)))],
  },
  "/language": {
    probes: [
      get("switch", () => "/language", roles(BAD_REQUEST)),
      post("switch", () => "/language", () => ({ locale: "en", returnTo: "/" }), roles(redirectTo(/^\/$/))),
    ],
  },
  "/account": {
    probes: [
      get("own account", () => "/account", signedIn(OK)),
      post("wrong code", () => "/account", () => ({ intent: "regenerate-recovery-codes", code: "000000" }), signedIn(WRONG_CODE)),
    ],
  },
  "/account/notifications": {
    probes: [
      get("preferences", () => "/account/notifications", signedIn(OK)),
      post("preferences", () => "/account/notifications", () => ({ kind: "message.new" }), signedIn(redirectTo(/^\/account\/notifications\?saved$/))),
    ],
  },
  "/account/totp-setup": {
    probes: [
      get("set-up", () => "/account/totp-setup", signedIn(OK)),
      // roles with TOTP already have it: back to the account; physicians without it send a wrong code
      post("wrong code", () => "/account/totp-setup", () => ({ secret: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", code: "000000" }), signedIn(redirectTo(/^\/account$/), {
        unapproved: WRONG_CODE,
        physicianA: WRONG_CODE,
        physicianB: WRONG_CODE,
      })),
    ],
  },
  "/notifications": {
    probes: [
      get("list", () => "/notifications", signedIn(OK)),
      post("mark read", () => "/notifications", () => ({ id: "1" }), signedIn(redirectTo(/^\/notifications$/))),
    ],
  },
  "/cases": {
    probes: [get("physician's list", () => "/cases", physicians(OK)), post("list", () => "/cases", nothing, roles(NO_METHOD))],
  },
  "/cases/new": {
    probes: [
      get("choose a disease", () => "/cases/new", physicians(OK)),
      // approved physicians open a draft (their own, harmless); the unapproved one is told why not
      post("open a draft", () => "/cases/new", () => ({ pluginId: "rectal-lr" }), physicians(redirectTo(/^\/cases\/[0-9a-f-]{36}\/edit$/), { unapproved: FORBIDDEN })),
    ],
  },
  "/cases/:id": {
    probes: [
      get("A's submitted case", (w) => `/cases/${w.a.submittedId}`, circleOfA(OK)),
      get("A's draft", (w) => `/cases/${w.a.draftId}`, draftOfA(TO_EDIT)),
      get("B's submitted case", (w) => `/cases/${w.b.submittedId}`, circleOfB(OK)),
      ...guessing("GET", (id) => `/cases/${id}`),
      // an event the case's state refuses: the circle is told so (409), everyone else 404
      post("refused event", (w) => `/cases/${w.a.submittedId}`, () => ({ type: "PROVIDE_INFO", message: "probe" }), circleOfA(REFUSED)),
      // refused too, and then the page's loader sends A to the draft's form
      post("event on A's draft", (w) => `/cases/${w.a.draftId}`, () => ({ type: "PROVIDE_INFO", message: "probe" }), draftOfA(TO_EDIT)),
      ...guessing("POST", (id) => `/cases/${id}`, () => ({ type: "PROVIDE_INFO", message: "probe" })),
    ],
  },
  "/cases/:id/edit": {
    probes: [
      get("A's draft", (w) => `/cases/${w.a.draftId}/edit`, draftOfA(OK)),
      get("A's submitted case", (w) => `/cases/${w.a.submittedId}/edit`, draftOfA(TO_CASE)),
      get("B's draft", (w) => `/cases/${w.b.draftId}/edit`, draftOfA(HIDDEN, { physicianB: OK })),
      ...guessing("GET", (id) => `/cases/${id}/edit`),
      // an incomplete submission is checked against the form before the case is looked up: every
      // physician gets 400 whoever's draft it is, or whether it exists, and nothing of the draft
      post("incomplete submission", (w) => `/cases/${w.a.draftId}/edit`, () => ({ intent: "submit", pluginId: "rectal-lr" }), draftOfA(BAD_REQUEST, {
        unapproved: BAD_REQUEST,
        physicianB: BAD_REQUEST,
      })),
      ...guessing("POST", (id) => `/cases/${id}/edit`, () => ({ intent: "submit", pluginId: "rectal-lr" })).map((probe) => ({
        ...probe,
        expect: physicians(BAD_REQUEST),
      })),
      // a complete form reaches the case: A's submitted case refuses it, others' cases and unknown ids are 404
      // (refused, and then the page's loader sends A to the submitted case)
      post("complete submission of a submitted case", (w) => `/cases/${w.a.submittedId}/edit`, completeSubmission, draftOfA(TO_CASE)),
      ...guessing("POST", (id) => `/cases/${id}/edit`, completeSubmission),
    ],
  },
  "/cases/:id/draft": {
    probes: [
      get("autosave", (w) => `/cases/${w.a.draftId}/draft`, roles(BAD_REQUEST)),
      post("autosave A's draft", (w) => `/cases/${w.a.draftId}/draft`, (w) => ({
        pluginId: "rectal-lr",
        background: "1",
        "question.details": w.draftContentOfA,
      }), draftOfA(OK)),
      post("autosave A's submitted case", (w) => `/cases/${w.a.submittedId}/draft`, () => ({ pluginId: "rectal-lr", background: "1" }), draftOfA(REFUSED)),
      ...guessing("POST", (id) => `/cases/${id}/draft`, () => ({ pluginId: "rectal-lr", background: "1" })),
    ],
  },
  "/cases/:id/messages": {
    probes: [
      get("A's thread", (w) => `/cases/${w.a.submittedId}/messages`, circleOfA(OK)),
      get("A's draft has none", (w) => `/cases/${w.a.draftId}/messages`, signedIn(HIDDEN)),
      get("B's thread", (w) => `/cases/${w.b.submittedId}/messages`, circleOfB(OK)),
      ...guessing("GET", (id) => `/cases/${id}/messages`),
      // an empty message: the circle is told to write something, everyone else 404
      post("empty message", (w) => `/cases/${w.a.submittedId}/messages`, () => ({ body: "" }), circleOfA(BAD_REQUEST)),
      ...guessing("POST", (id) => `/cases/${id}/messages`, () => ({ body: "" })),
    ],
  },
  "/cases/:id/messages/stream": {
    probes: [
      get("A's live thread", (w) => `/cases/${w.a.submittedId}/messages/stream`, circleOfA(OK)),
      ...guessing("GET", (id) => `/cases/${id}/messages/stream`),
      post("stream", (w) => `/cases/${w.a.submittedId}/messages/stream`, nothing, roles(NO_METHOD)),
    ],
  },
  "/files/:attachmentId": {
    probes: [
      get("A's attachment", (w) => `/files/${w.a.attachmentId}`, circleOfA(OK)),
      ...guessing("GET", (id) => `/files/${id}`),
      post("attachment", (w) => `/files/${w.a.attachmentId}`, nothing, roles(NO_METHOD)),
    ],
  },
  "/queue": {
    probes: [get("queue", () => "/queue", panelMembers(OK)), post("queue", () => "/queue", nothing, roles(NO_METHOD))],
  },
  "/admin/registrations": {
    probes: [
      get("review queue", () => "/admin/registrations", adminOnly(OK)),
      // approving an account that is not waiting: the admin is told so, nobody else may try
      post("decide a non-pending account", () => "/admin/registrations", (w) => ({ intent: "approve", userId: w.users.physicianB.id }), adminOnly(REFUSED)),
    ],
  },
  "/admin/audit": {
    probes: [get("trail", () => "/admin/audit", adminOnly(OK)), post("trail", () => "/admin/audit", nothing, roles(NO_METHOD))],
  },
  "/admin/audit.csv": {
    probes: [get("export", () => "/admin/audit.csv", adminOnly(OK)), post("export", () => "/admin/audit.csv", nothing, roles(NO_METHOD))],
  },
  "/admin/plugins": {
    probes: [
      get("disease areas", () => "/admin/plugins", adminOnly(OK)),
      // enabling what is enabled already
      post("enable", () => "/admin/plugins", () => ({ pluginId: "rectal-lr", enabled: "true" }), adminOnly(redirectTo(/^\/admin\/plugins\?done=enabled$/))),
    ],
  },
  "/cases/:id/feedback": {
    probes: [
      get("A's feedback", (w) => `/cases/${w.a.submittedId}/feedback`, draftOfA(OK)),
      ...guessing("GET", (id) => `/cases/${id}/feedback`),
      // the form is checked before the case is looked up: every signed-in role gets 400, for any id
      post("empty rating", (w) => `/cases/${w.a.submittedId}/feedback`, () => ({ intent: "rate" }), signedIn(BAD_REQUEST)),
      // a complete rating reaches the case: A is told it has no answer yet, everyone else 404
      post("rating before an answer", (w) => `/cases/${w.a.submittedId}/feedback`, () => ({ intent: "rate", score: "5" }), draftOfA(REFUSED)),
      ...guessing("POST", (id) => `/cases/${id}/feedback`, () => ({ intent: "rate", score: "5" })),
    ],
  },
  "/cases/:id/images": {
    probes: [
      get("A's images", (w) => `/cases/${w.a.submittedId}/images`, circleOfA(OK)),
      get("B's images", (w) => `/cases/${w.b.submittedId}/images`, circleOfB(OK)),
      ...guessing("GET", (id) => `/cases/${id}/images`),
      post("images", (w) => `/cases/${w.a.submittedId}/images`, nothing, roles(NO_METHOD)),
    ],
  },
  "/cases/:id/images/upload": {
    probes: [
      get("A's upload page", (w) => `/cases/${w.a.submittedId}/images/upload`, draftOfA(OK)),
      ...guessing("GET", (id) => `/cases/${id}/images/upload`),
      post("upload page", (w) => `/cases/${w.a.submittedId}/images/upload`, nothing, roles(NO_METHOD)),
    ],
  },
  "/cases/:id/images/manifests": {
    probes: [
      get("manifests", (w) => `/cases/${w.a.submittedId}/images/manifests`, roles(BAD_REQUEST)),
      // only the requester announces uploads: the panel, who may view the images, gets 404 too
      post("unreadable manifest", (w) => `/cases/${w.a.submittedId}/images/manifests`, () => ({ manifest: "not json" }), draftOfA(BAD_REQUEST)),
      ...guessing("POST", (id) => `/cases/${id}/images/manifests`, () => ({ manifest: "not json" })),
    ],
  },
  "/cases/:id/images/manifests/:manifestId": {
    probes: [
      get("A's upload progress", (w) => `/cases/${w.a.submittedId}/images/manifests/${w.a.imaging.manifestId}`, circleOfA(OK)),
      get("A's upload through B's case", (w) => `/cases/${w.b.submittedId}/images/manifests/${w.a.imaging.manifestId}`, signedIn(HIDDEN)),
      ...guessing("GET", (id) => `/cases/${id}/images/manifests/${id}`),
      post("upload progress", (w) => `/cases/${w.a.submittedId}/images/manifests/${w.a.imaging.manifestId}`, nothing, roles(NO_METHOD)),
    ],
  },
  "/cases/:id/images/documents/:documentId": {
    probes: [
      get("A's report", (w) => `/cases/${w.a.submittedId}/images/documents/${w.a.imaging.documentId}`, circleOfA(OK)),
      get("A's report through B's case", (w) => `/cases/${w.b.submittedId}/images/documents/${w.a.imaging.documentId}`, signedIn(HIDDEN)),
      ...guessing("GET", (id) => `/cases/${id}/images/documents/${id}`),
      post("report", (w) => `/cases/${w.a.submittedId}/images/documents/${w.a.imaging.documentId}`, nothing, roles(NO_METHOD)),
    ],
  },
  ...dicomweb(),
  "/facilities": {
    probes: [
      get("facility directory", () => "/facilities", signedIn(OK, { unapproved: HIDDEN })),
      post("facility directory", () => "/facilities", nothing, roles(NO_METHOD)),
    ],
  },
  "/admin/users": {
    probes: [
      get("accounts", () => "/admin/users", adminOnly(OK)),
      // reactivating an account that is active: the admin is told so, nobody else may try
      post("reactivate an active account", () => "/admin/users", (w) => ({ intent: "reactivate", userId: w.users.physicianB.id }), adminOnly(REFUSED)),
    ],
  },
  "/admin/panels": {
    probes: [
      get("panels", () => "/admin/panels", adminOnly(OK)),
      post("add a member twice", () => "/admin/panels", (w) => ({
        intent: "add",
        pluginId: "rectal-lr",
        userId: w.users.consultant.id,
        panelRole: "consultant",
        institutionId: getPlugin("rectal-lr")!.roster.institutions[0]!.id,
      }), adminOnly(REFUSED)),
    ],
  },
  "/admin/facilities": {
    probes: [get("directory", () => "/admin/facilities", adminOnly(OK)), post("directory", () => "/admin/facilities", nothing, roles(NO_METHOD))],
  },
  "/admin/facilities/new": {
    probes: [get("new facility", () => "/admin/facilities/new", adminOnly(OK)), post("empty facility", () => "/admin/facilities/new", nothing, adminOnly(BAD_REQUEST))],
  },
  "/admin/facilities/:id": {
    probes: [
      get("a facility", (w) => `/admin/facilities/${w.facilityId}`, adminOnly(OK)),
      ...guessing("GET", (id) => `/admin/facilities/${id}`),
      post("empty change", (w) => `/admin/facilities/${w.facilityId}`, nothing, adminOnly(BAD_REQUEST)),
    ],
  },
  "/admin/sla": {
    probes: [
      // admins see every disease area's figures, coordinators their own panel's
      get("service levels", () => "/admin/sla", signedIn(HIDDEN, { admin: OK, coordinator: OK })),
      post("service levels", () => "/admin/sla", nothing, roles(NO_METHOD)),
    ],
  },
  "/admin/sla.csv": {
    probes: [
      get("service levels export", () => "/admin/sla.csv", signedIn(HIDDEN, { admin: OK, coordinator: OK })),
      post("service levels export", () => "/admin/sla.csv", nothing, roles(NO_METHOD)),
    ],
  },
  // demo-only pages do not exist outside demo mode
  "/dev/clock": {
    probes: [get("demo clock", () => "/dev/clock", roles(HIDDEN)), post("demo clock", () => "/dev/clock", () => ({ hours: "1" }), roles(HIDDEN))],
  },
  "/dev/mailbox": {
    probes: [get("demo mailbox", () => "/dev/mailbox", roles(HIDDEN)), post("demo mailbox", () => "/dev/mailbox", nothing, roles(NO_METHOD))],
  },
};
