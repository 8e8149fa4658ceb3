import extractMultipart from "@cornerstonejs/dicom-image-loader/wadors/extractMultipart";
import { getTransferSyntaxForContentType } from "@cornerstonejs/dicom-image-loader/wadors/loadImage";
import { auditEvents, imagingDocuments, type User } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { findElement, parseDicom, Tags, type DicomJsonDataset } from "@consult/imaging";
import { syntheticCtSeries } from "@consult/imaging/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blobStoreFor } from "~/modules/files/blob-store.server";
import { TINY_PDF, TINY_PNG } from "~/modules/files/test-files";
import type { BrowserClient } from "../../../../test/browser-client";
import { createPanelMember, createSubmittedCase } from "../../../../test/cases";
import { startTestPlatform, type TestPlatform } from "../../../../test/platform-harness";
import { createAccount, signInAs } from "../../../../test/sessions";
import { createAssignedCase, type ThreadParties } from "~/modules/messaging/test-thread";
import { seedCaseImaging, sharedDicom, type SeededInstance } from "./test-support";

const FRAMES_ACCEPT = "multipart/related; type=application/octet-stream; transfer-syntax=*"; // what Cornerstone's loader sends
const octetStreamIn = (syntax: string) => `multipart/related; type="application/octet-stream"; transfer-syntax=${syntax}`;
const EXPLICIT_LITTLE = "1.2.840.10008.1.2.1";
const JPEG_EXTENDED = "1.2.840.10008.1.2.4.51"; // JPEG-lossy.dcm

/** The parts of a multipart/related body, each with its headers. */
function partsOf(contentType: string, body: Buffer): Array<{ headers: string; body: Buffer }> {
  const boundary = /boundary=([^;\s]+)/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`no boundary in ${contentType}`);
  const parts: Array<{ headers: string; body: Buffer }> = [];
  let position = body.indexOf(`--${boundary}`);
  while (body.toString("latin1", position + boundary.length + 2, position + boundary.length + 4) === "\r\n") {
    const headerEnd = body.indexOf("\r\n\r\n", position);
    const next = body.indexOf(`\r\n--${boundary}`, headerEnd + 4);
    parts.push({ headers: body.toString("latin1", position + boundary.length + 4, headerEnd), body: body.subarray(headerEnd + 4, next) });
    position = next + 2;
  }
  expect(body.toString("latin1", position)).toBe(`--${boundary}--\r\n`);
  return parts;
}

function pixelDataOf(bytes: Uint8Array) {
  const parsed = parseDicom(bytes);
  if (!parsed.ok) throw new Error(parsed.detail);
  const pixelData = findElement(parsed.file.dataset, Tags.PixelData);
  if (!pixelData) throw new Error("no Pixel Data");
  return pixelData;
}

describe.each(testDatabases())("DICOMweb on $name", (database) => {
  let platform: TestPlatform;
  let parties: ThreadParties;
  let root: string;
  let ct: SeededInstance;
  let jpeg: SeededInstance;
  let implicitMr: SeededInstance;
  let slices: SeededInstance[];
  let requester: BrowserClient;

  beforeAll(async () => {
    platform = await startTestPlatform(database);
    parties = await createAssignedCase(platform);
    root = `/dicomweb/cases/${parties.caseId}`;
    const seeded = await seedCaseImaging(platform.services.db, blobStoreFor(platform.services.config), {
      caseId: parties.caseId,
      requester: parties.physician,
      dicom: [
        sharedDicom("CT_small.dcm"),
        sharedDicom("JPEG-lossy.dcm"),
        sharedDicom("MR_small_implicit.dcm"),
        // sent last slice first: retrieval orders by Instance Number, not by arrival
        ...syntheticCtSeries({ slices: 3, size: 32 }).reverse(),
      ],
      documents: [
        { kind: "image/png", bytes: TINY_PNG },
        { kind: "application/pdf", bytes: TINY_PDF },
      ],
      now: platform.clock.now(),
    });
    [ct, jpeg, implicitMr] = seeded as [SeededInstance, SeededInstance, SeededInstance];
    slices = seeded.slice(3).reverse();
    requester = await signInAs(platform, parties.physician);
  });
  afterAll(() => platform?.close());

  const db = () => platform.services.db;
  const seriesPath = (instance: SeededInstance) => `${root}/studies/${instance.studyInstanceUid}/series/${instance.seriesInstanceUid}`;
  const instancePath = (instance: SeededInstance) => `${seriesPath(instance)}/instances/${instance.sopInstanceUid}`;
  const json = async (response: Response) => (await response.json()) as DicomJsonDataset[];
  const values = (results: DicomJsonDataset[], tag: string) => results.map((result) => result[tag]?.Value?.[0]);
  const documentIds = () =>
    db()
      .select({ id: imagingDocuments.id, contentType: imagingDocuments.contentType })
      .from(imagingDocuments)
      .where(eq(imagingDocuments.caseId, parties.caseId));

  describe("QIDO-RS", () => {
    it("lists the case's studies with their counts, modalities and the case's pseudonym", async () => {
      const response = await requester.get(`${root}/studies`, { Accept: "application/dicom+json" });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/dicom+json; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-store");
      const studies = await json(response);
      expect(values(studies, "0020000D").sort()).toEqual([...new Set([ct, jpeg, implicitMr, slices[0]!].map((i) => i.studyInstanceUid))].sort());
      const synthetic = studies.find((study) => study["0020000D"]?.Value?.[0] === slices[0]!.studyInstanceUid)!;
      expect(synthetic["00080061"]).toEqual({ vr: "CS", Value: ["CT"] });
      expect(synthetic["00201206"]).toEqual({ vr: "IS", Value: [1] });
      expect(synthetic["00201208"]).toEqual({ vr: "IS", Value: [3] });
      expect(synthetic["00100010"]).toEqual({ vr: "PN", Value: [{ Alphabetic: parties.reference }] });
      expect(synthetic["00080020"]?.vr).toBe("DA");
    });

    it("matches on StudyInstanceUID and modality, and pages with limit and offset", async () => {
      const byUid = await json(await requester.get(`${root}/studies?StudyInstanceUID=${jpeg.studyInstanceUid}`));
      expect(values(byUid, "0020000D")).toEqual([jpeg.studyInstanceUid]);
      const nuclear = await json(await requester.get(`${root}/studies?ModalitiesInStudy=NM`));
      expect(values(nuclear, "0020000D")).toEqual([jpeg.studyInstanceUid]);
      const all = await json(await requester.get(`${root}/studies`));
      const page = await json(await requester.get(`${root}/studies?limit=2&offset=1`));
      expect(values(page, "0020000D")).toEqual(values(all, "0020000D").slice(1, 3));
      expect(await json(await requester.get(`${root}/studies?StudyInstanceUID=1.2.3`))).toEqual([]);
      expect((await requester.get(`${root}/studies?limit=lots`)).status).toBe(400);
      expect((await requester.get(`${root}/studies?StudyInstanceUID=1.2.*`)).status).toBe(400);
      expect((await requester.get(`${root}/studies`, { Accept: "application/dicom+xml" })).status).toBe(406);
    });

    it("lists a study's series and a series' instances in instance order", async () => {
      const series = await json(await requester.get(`${root}/studies/${slices[0]!.studyInstanceUid}/series`));
      expect(series).toHaveLength(1);
      expect(series[0]).toMatchObject({
        "0020000E": { vr: "UI", Value: [slices[0]!.seriesInstanceUid] },
        "00080060": { vr: "CS", Value: ["CT"] },
        "00201209": { vr: "IS", Value: [3] },
      });
      expect(await json(await requester.get(`${root}/studies/${slices[0]!.studyInstanceUid}/series?Modality=MR`))).toEqual([]);

      const instances = await json(await requester.get(`${seriesPath(slices[0]!)}/instances`));
      expect(values(instances, "00080018")).toEqual(slices.map((slice) => slice.sopInstanceUid));
      expect(values(instances, "00200013")).toEqual([1, 2, 3]);
      expect(instances[0]).toMatchObject({
        "00280010": { vr: "US", Value: [32] },
        "00280011": { vr: "US", Value: [32] },
        "00280008": { vr: "IS", Value: [1] },
      });
      const one = await json(await requester.get(`${seriesPath(slices[0]!)}/instances?SOPInstanceUID=${slices[1]!.sopInstanceUid}`));
      expect(values(one, "00080018")).toEqual([slices[1]!.sopInstanceUid]);
    });
  });

  describe("WADO-RS", () => {
    it("gives a series' metadata in instance order and an instance's as a one-element array, without bulk data", async () => {
      const response = await requester.get(`${seriesPath(slices[0]!)}/metadata`, { Accept: "application/dicom+json" });
      expect(response.status).toBe(200);
      const metadata = await json(response);
      expect(values(metadata, "00080018")).toEqual(slices.map((slice) => slice.sopInstanceUid));
      expect(metadata[0]?.["00100010"]).toEqual({ vr: "PN", Value: [{ Alphabetic: parties.reference }] });
      expect(metadata[0]?.["00020010"]).toEqual({ vr: "UI", Value: [EXPLICIT_LITTLE] });
      expect(metadata[0]?.["7FE00010"]).toBeUndefined();

      const single = await json(await requester.get(`${instancePath(jpeg)}/metadata`));
      expect(single).toHaveLength(1);
      expect(single[0]?.["00020010"]).toEqual({ vr: "UI", Value: [JPEG_EXTENDED] });
      expect((await requester.get(`${instancePath(jpeg)}/metadata`, { Accept: "text/html" })).status).toBe(406);
    });

    it("sends a whole instance byte for byte as multipart/related application/dicom", async () => {
      const response = await requester.get(instancePath(ct), { Accept: 'multipart/related; type="application/dicom"' });
      expect(response.status).toBe(200);
      const contentType = response.headers.get("content-type")!;
      expect(contentType).toMatch(/^multipart\/related; type="application\/dicom"; boundary=[0-9a-f]{32}$/);
      const body = Buffer.from(await response.arrayBuffer());
      expect(Number(response.headers.get("content-length"))).toBe(body.length);
      const [part, ...others] = partsOf(contentType, body);
      expect(others).toEqual([]);
      expect(part!.headers).toBe(`Content-Type: application/dicom; transfer-syntax=${EXPLICIT_LITTLE}`);
      expect(part!.body.equals(Buffer.from(ct.bytes))).toBe(true);
      const jpegInstance = `multipart/related; type="application/dicom"; transfer-syntax=${JPEG_EXTENDED}`;
      expect((await requester.get(instancePath(ct), { Accept: jpegInstance })).status).toBe(406);
    });

    it("sends a native frame as the exact pixel bytes, read the way Cornerstone's loader reads them", async () => {
      const response = await requester.get(`${instancePath(ct)}/frames/1`, { Accept: FRAMES_ACCEPT });
      expect(response.status).toBe(200);
      const contentType = response.headers.get("content-type")!;
      expect(contentType).toMatch(/^multipart\/related; type="application\/octet-stream"; boundary=/);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const extracted = extractMultipart(contentType, await response.arrayBuffer());
      expect(getTransferSyntaxForContentType(extracted.contentType)).toBe(EXPLICIT_LITTLE);
      const pixels = pixelDataOf(ct.bytes).value;
      expect(pixels.length).toBe(128 * 128 * 2);
      expect(Buffer.from(extracted.pixelData).equals(Buffer.from(pixels))).toBe(true);
    });

    it("announces native implicit VR frames as explicit VR little endian (the same pixel bytes)", async () => {
      const response = await requester.get(`${instancePath(implicitMr)}/frames/1`, { Accept: octetStreamIn(EXPLICIT_LITTLE) });
      expect(response.status).toBe(200);
      const extracted = extractMultipart(response.headers.get("content-type")!, await response.arrayBuffer());
      expect(getTransferSyntaxForContentType(extracted.contentType)).toBe(EXPLICIT_LITTLE);
      expect(Buffer.from(extracted.pixelData).equals(Buffer.from(pixelDataOf(implicitMr.bytes).value))).toBe(true);
    });

    it("sends a JPEG frame as its compressed fragment with the JPEG transfer syntax, never transcoded", async () => {
      const response = await requester.get(`${instancePath(jpeg)}/frames/1`, { Accept: FRAMES_ACCEPT });
      expect(response.status).toBe(200);
      const extracted = extractMultipart(response.headers.get("content-type")!, await response.arrayBuffer());
      expect(getTransferSyntaxForContentType(extracted.contentType)).toBe(JPEG_EXTENDED);
      const fragment = pixelDataOf(jpeg.bytes).encapsulated!.fragments[0]!;
      const expected = Buffer.from(jpeg.bytes.subarray(fragment.offset, fragment.offset + fragment.length));
      expect(Buffer.from(extracted.pixelData).equals(expected)).toBe(true);
      expect([expected[0], expected[1]]).toEqual([0xff, 0xd8]);
      expect((await requester.get(`${instancePath(jpeg)}/frames/1`, { Accept: octetStreamIn(EXPLICIT_LITTLE) })).status).toBe(406);
      expect((await requester.get(`${instancePath(jpeg)}/frames/1`, { Accept: 'multipart/related; type="image/jpeg"' })).status).toBe(406);
    });

    it("sends one part per frame of a frame list, in the order asked", async () => {
      const response = await requester.get(`${instancePath(ct)}/frames/1,1`, { Accept: FRAMES_ACCEPT });
      const parts = partsOf(response.headers.get("content-type")!, Buffer.from(await response.arrayBuffer()));
      const header = `Content-Type: application/octet-stream; transfer-syntax=${EXPLICIT_LITTLE}`;
      expect(parts.map((part) => part.headers)).toEqual([header, header]);
      expect(parts[1]!.body.equals(Buffer.from(pixelDataOf(ct.bytes).value))).toBe(true);
    });

    it("answers 400 for a bad frame list and 404 for frames out of range and UIDs the case does not have", async () => {
      for (const list of ["0", "abc", "1,,2", "-1"]) expect((await requester.get(`${instancePath(ct)}/frames/${list}`)).status, list).toBe(400);
      expect((await requester.get(`${instancePath(ct)}/frames/2`)).status).toBe(404);
      expect((await requester.get(`${seriesPath(ct)}/instances/1.2.3/frames/1`)).status).toBe(404);
      // the instance exists, but not under this study
      const underAnotherStudy = `${root}/studies/${jpeg.studyInstanceUid}/series/${ct.seriesInstanceUid}/instances/${ct.sopInstanceUid}`;
      expect((await requester.get(underAnotherStudy)).status).toBe(404);
      expect((await requester.get(`${root}/studies/${ct.studyInstanceUid}/series/1.2.3/metadata`)).status).toBe(404);
      expect((await requester.get(`${root}/studies/x/series/y/instances/z/metadata`)).status).toBe(404);
      expect((await requester.get(`${root}/studies/x/series`)).status).toBe(404);
    });

    it("writes an audit row for every retrieval, with the UIDs and without anything else of the request", async () => {
      await requester.get(`${instancePath(ct)}/frames/1`);
      const rows = await db()
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.subjectId, parties.caseId),
            eq(auditEvents.action, "dicomweb.retrieve.frames"),
            eq(auditEvents.actorId, parties.physician.id),
          ),
        );
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows.at(-1)).toMatchObject({ outcome: "success", subjectType: "case", actorRole: "physician" });
      expect(rows.at(-1)?.detail).toEqual({
        studyInstanceUid: ct.studyInstanceUid,
        seriesInstanceUid: ct.seriesInstanceUid,
        sopInstanceUid: ct.sopInstanceUid,
        frames: "1",
      });
      const audited = await db().select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, parties.caseId));
      const actions = new Set(audited.map((row) => row.action));
      for (const action of ["dicomweb.search", "dicomweb.retrieve.metadata", "dicomweb.retrieve.instance", "dicomweb.retrieve.frames"]) {
        expect(actions).toContain(action);
      }
    });
  });

  describe("key documents", () => {
    it("downloads a key image or report under a generic name, sandboxed, audited", async () => {
      const documents = await documentIds();
      const png = documents.find((document) => document.contentType === "image/png")!;
      const response = await requester.get(`/cases/${parties.caseId}/images/documents/${png.id}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/png");
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="key-image.png"; filename*=UTF-8''key-image.png`);
      expect(response.headers.get("content-security-policy")).toContain("default-src 'none'; sandbox");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(TINY_PNG))).toBe(true);
      const pdf = documents.find((document) => document.contentType === "application/pdf")!;
      const report = await requester.get(`/cases/${parties.caseId}/images/documents/${pdf.id}`);
      expect(report.headers.get("content-disposition")).toContain('filename="report.pdf"');
      const [audit] = await db()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "imaging.document.download"), eq(auditEvents.subjectId, parties.caseId)));
      expect(audit?.detail).toEqual({ documentId: png.id });
    });

    it("does not serve a document under another case, nor an unknown one", async () => {
      const other = await createSubmittedCase(platform, { requester: parties.physician });
      const [png] = await documentIds();
      expect((await requester.get(`/cases/${other.caseId}/images/documents/${png!.id}`)).status).toBe(404);
      expect((await requester.get(`/cases/${parties.caseId}/images/documents/${crypto.randomUUID()}`)).status).toBe(404);
      expect((await requester.get(`/cases/${parties.caseId}/images/documents/not-a-uuid`)).status).toBe(404);
    });
  });

  describe("who may retrieve", () => {
    const routes = () => [
      `${root}/studies`,
      `${seriesPath(ct)}/instances`,
      `${seriesPath(ct)}/metadata`,
      `${instancePath(ct)}/metadata`,
      instancePath(ct),
      `${instancePath(ct)}/frames/1`,
    ];

    it("lets the requester, the assigned consultant and a panel coordinator retrieve everything", async () => {
      const [document] = await documentIds();
      for (const user of [parties.physician, parties.consultant, parties.coordinator]) {
        const browser = await signInAs(platform, user);
        for (const path of [...routes(), `/cases/${parties.caseId}/images/documents/${document!.id}`]) {
          expect((await browser.get(path)).status, `${user.role} ${path}`).toBe(200);
        }
      }
    });

    it("answers 404 to everyone else, for the case's UIDs as for a case that does not exist, and writes no retrieval row", async () => {
      const outsiders: User[] = [
        await createAccount(platform),
        await createPanelMember(platform, { pluginId: "retroperitoneal-sarcoma" }),
        await createPanelMember(platform, { pluginId: "retroperitoneal-sarcoma", panelRole: "coordinator" }),
        await createPanelMember(platform),
        await createAccount(platform, { role: "admin" }),
      ];
      const [document] = await documentIds();
      const missingCase = routes()[0]!.replace(parties.caseId, crypto.randomUUID());
      for (const user of outsiders) {
        const browser = await signInAs(platform, user);
        for (const path of [...routes(), `/cases/${parties.caseId}/images/documents/${document!.id}`, missingCase]) {
          const response = await browser.get(path);
          expect(response.status, `${user.role} ${path}`).toBe(404);
          expect(await response.text()).toBe("Not Found");
        }
        const rows = await db().select().from(auditEvents).where(and(eq(auditEvents.actorId, user.id), eq(auditEvents.subjectId, parties.caseId)));
        expect(rows).toEqual([]);
      }
    });

    it("sends anonymous requests to sign in, like every protected route", async () => {
      for (const path of routes()) {
        const response = await platform.browser().get(path);
        expect(response.status).toBe(302);
        expect(response.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
      }
    });
  });
});
