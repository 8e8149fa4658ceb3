import { describe, expect, it } from "vitest";
import { attachmentDisposition, cleanFilename } from "./filename";

describe("file names", () => {
  it("keep the sender's name, ending in the extension of the detected type", () => {
    expect(cleanFilename("MRI 所見.pdf", "application/pdf")).toBe("MRI 所見.pdf");
    expect(cleanFilename("photo.JPEG", "image/jpeg")).toBe("photo.JPEG");
    expect(cleanFilename("report.exe", "application/pdf")).toBe("report.exe.pdf");
    expect(cleanFilename("scan", "image/png")).toBe("scan.png");
  });

  it("lose control, direction and path characters and leading dots", () => {
    expect(cleanFilename("invoice\u202Efdp.exe", "application/pdf")).toBe("invoice_fdp.exe.pdf");
    expect(cleanFilename('..\\..\\etc/"passwd"<x>', "image/png")).toBe('_.._etc__passwd__x_.png');
    expect(cleanFilename("...", "application/pdf")).toBe("file.pdf");
    expect(cleanFilename(`${"a".repeat(300)}.pdf`, "application/pdf")).toHaveLength(124);
  });

  it("make a download header with an ASCII fallback and the UTF-8 name", () => {
    expect(attachmentDisposition("MRI 所見.pdf")).toBe(`attachment; filename="MRI __.pdf"; filename*=UTF-8''MRI%20%E6%89%80%E8%A6%8B.pdf`);
    expect(attachmentDisposition("a'b(1)%.png")).toBe(`attachment; filename="a'b(1)_.png"; filename*=UTF-8''a%27b%281%29%25.png`);
  });
});
