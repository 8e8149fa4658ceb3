import { testDatabases } from "@consult/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSubmittedCase } from "../../../test/cases";
import { startTestPlatform, type TestPlatform } from "../../../test/platform-harness";
import { readCaseImagingCatalog } from "./catalog.server";
import { seedDocument, seedStudy } from "./catalog.test-support";

describe.each(testDatabases())("a case's imaging catalog on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  const db = () => platform.services.db;

  it("is empty for a case without images", async () => {
    const { caseId } = await createSubmittedCase(platform);
    expect(await readCaseImagingCatalog(db(), caseId)).toEqual({ studies: [], documents: [] });
  });

  it("lists the case's studies newest first with their series in series order, instance counts and what is still missing", async () => {
    const { caseId, requester } = await createSubmittedCase(platform);
    const other = await createSubmittedCase(platform);
    const at = platform.clock.now();
    const older = await seedStudy(db(), {
      caseId,
      uploadedBy: requester.id,
      at,
      studyDate: "20240902",
      description: "MRI PELVIS",
      series: [{ modality: "MR", description: "T2 AX", seriesNumber: 3, instances: 2 }],
    });
    const newer = await seedStudy(db(), {
      caseId,
      uploadedBy: requester.id,
      at,
      studyDate: "20250110",
      series: [
        { modality: "CT", description: "SCOUT", seriesNumber: null, instances: 1 },
        { modality: "CT", description: "VENOUS 5mm", seriesNumber: 2, instances: 4 },
        { modality: "CT", description: "ARTERIAL 5mm", seriesNumber: 1, instances: 3 },
      ],
      notReceived: ["pending", "refused"],
    });
    await seedStudy(db(), { caseId: other.caseId, uploadedBy: other.requester.id, at, series: [{ modality: "CT", description: "X", seriesNumber: 1, instances: 1 }] });
    const pdf = await seedDocument(db(), { caseId, uploadedBy: requester.id, at, contentType: "application/pdf" });
    await seedDocument(db(), { caseId: other.caseId, uploadedBy: other.requester.id, at, contentType: "image/png" });

    const catalog = await readCaseImagingCatalog(db(), caseId);
    expect(catalog.studies.map((study) => [study.id, study.studyDate, study.missingFiles])).toEqual([
      [newer.studyId, "20250110", 2],
      [older.studyId, "20240902", 0],
    ]);
    expect(catalog.studies[0]!.series.map((series) => [series.description, series.seriesNumber, series.instanceCount])).toEqual([
      ["ARTERIAL 5mm", 1, 3],
      ["VENOUS 5mm", 2, 4],
      ["SCOUT", null, 1],
    ]);
    // each series' thumbnail is its middle instance by Instance Number
    const [scout, venous, arterial] = newer.sopInstanceUids;
    expect(catalog.studies[0]!.series.map((series) => series.thumbnailSopInstanceUid)).toEqual([arterial![1], venous![2], scout![0]]);
    expect(catalog.studies[1]).toMatchObject({
      studyInstanceUid: older.studyInstanceUid,
      description: "MRI PELVIS",
      series: [{ id: older.seriesIds[0], modality: "MR", description: "T2 AX", instanceCount: 2 }],
    });
    expect(catalog.documents).toEqual([{ id: pdf, contentType: "application/pdf", size: 52_000, createdAt: at }]);
  });

  it("puts a study without a date after the dated ones", async () => {
    const { caseId, requester } = await createSubmittedCase(platform);
    const at = platform.clock.now();
    const series = [{ modality: "CT", description: "AX", seriesNumber: 1, instances: 1 }];
    const undated = await seedStudy(db(), { caseId, uploadedBy: requester.id, at, studyDate: null, series });
    const dated = await seedStudy(db(), { caseId, uploadedBy: requester.id, at, studyDate: "20200101", series });
    expect((await readCaseImagingCatalog(db(), caseId)).studies.map((study) => study.id)).toEqual([dated.studyId, undated.studyId]);
  });
});
