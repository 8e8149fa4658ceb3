import type { Types } from "@cornerstonejs/core";
import type { Cornerstone } from "./cornerstone.client";
import { sliceAfter, type ViewerCommand } from "./keyboard";
import { displayWindowOf, voiRangeOf, type DisplayWindow } from "./window-presets";

export type StackViewerListener = {
  /** the image shown changed: its index in the stack and the stack's length */
  onSlice: (index: number, total: number) => void;
  /** the display window changed (drag, preset, reset or a new image) */
  onWindow: (window: DisplayWindow) => void;
  /** an image of the stack could not be loaded or decoded */
  onImageError: () => void;
};

let nextId = 0;

/**
 * One stack viewport on an element, with its own rendering engine and tool group: wheel scrolls,
 * left drag windows (or measures a length), middle drag pans, right drag zooms. Call destroy()
 * when the element goes, so the WebGL context and the listeners go with it.
 */
export class StackViewer {
  private readonly renderingEngineId: string;
  private readonly toolGroupId: string;
  private readonly viewportId = "stack";
  private readonly renderingEngine: InstanceType<Cornerstone["core"]["RenderingEngine"]>;
  private imageIds: string[] = [];

  constructor(
    private readonly cs: Cornerstone,
    private readonly element: HTMLDivElement,
    private readonly listener: StackViewerListener,
  ) {
    const { core, tools } = cs;
    nextId += 1;
    this.renderingEngineId = `consult-viewer-${nextId}`;
    this.toolGroupId = `consult-viewer-tools-${nextId}`;
    this.renderingEngine = new core.RenderingEngine(this.renderingEngineId);
    this.renderingEngine.enableElement({
      viewportId: this.viewportId,
      type: core.Enums.ViewportType.STACK,
      element,
      defaultOptions: { background: [0, 0, 0] },
    });

    const group = tools.ToolGroupManager.createToolGroup(this.toolGroupId);
    if (!group) throw new Error("tool group exists already");
    const { MouseBindings } = tools.Enums;
    for (const tool of [tools.StackScrollTool, tools.WindowLevelTool, tools.PanTool, tools.ZoomTool, tools.LengthTool]) group.addTool(tool.toolName);
    group.addViewport(this.viewportId, this.renderingEngineId);
    group.setToolActive(tools.StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
    group.setToolActive(tools.WindowLevelTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }] });
    group.setToolActive(tools.PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
    group.setToolActive(tools.ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
    group.setToolPassive(tools.LengthTool.toolName);

    element.addEventListener(core.Enums.Events.STACK_NEW_IMAGE, this.handleNewImage);
    element.addEventListener(core.Enums.Events.VOI_MODIFIED, this.handleVoi);
    core.eventTarget.addEventListener(core.Enums.Events.IMAGE_LOAD_ERROR, this.handleLoadError);
  }

  private get viewport(): Types.IStackViewport {
    return this.renderingEngine.getViewport(this.viewportId) as Types.IStackViewport;
  }

  /**
   * Shows a series (its metadata registered) from its first image, with its own window, and
   * prefetches the rest for smooth scrolling.
   */
  async show(imageIds: string[]): Promise<void> {
    if (imageIds.length === 0) throw new Error("the series has no images");
    this.imageIds = imageIds;
    this.cs.tools.utilities.stackPrefetch.disable(this.element);
    await this.viewport.setStack(imageIds, 0);
    this.viewport.render();
    this.cs.tools.utilities.stackPrefetch.enable(this.element);
    this.reportWindow();
  }

  run(command: ViewerCommand): void {
    const viewport = this.viewport;
    const slice = sliceAfter(command, viewport.getCurrentImageIdIndex(), this.imageIds.length);
    if (slice !== null) {
      void viewport.setImageIdIndex(slice);
      return;
    }
    if (command.type === "zoom") viewport.setZoom(viewport.getZoom() * command.factor);
    if (command.type === "reset") {
      viewport.resetCamera();
      viewport.resetProperties();
      this.reportWindow();
    }
    viewport.render();
  }

  applyWindow(window: DisplayWindow): void {
    this.viewport.setProperties({ voiRange: voiRangeOf(window) });
    this.viewport.render();
  }

  /** Left drag measures a length instead of windowing; drawn lengths stay and can be moved either way. */
  setMeasuring(measuring: boolean): void {
    const { tools } = this.cs;
    const group = tools.ToolGroupManager.getToolGroup(this.toolGroupId);
    const primary = [{ mouseButton: tools.Enums.MouseBindings.Primary }];
    const [on, off] = measuring ? [tools.LengthTool, tools.WindowLevelTool] : [tools.WindowLevelTool, tools.LengthTool];
    group?.setToolPassive(off.toolName);
    group?.setToolActive(on.toolName, { bindings: primary });
  }

  resize(): void {
    this.renderingEngine.resize(true, false);
  }

  destroy(): void {
    const { core, tools } = this.cs;
    this.element.removeEventListener(core.Enums.Events.STACK_NEW_IMAGE, this.handleNewImage);
    this.element.removeEventListener(core.Enums.Events.VOI_MODIFIED, this.handleVoi);
    core.eventTarget.removeEventListener(core.Enums.Events.IMAGE_LOAD_ERROR, this.handleLoadError);
    tools.utilities.stackPrefetch.disable(this.element);
    tools.ToolGroupManager.destroyToolGroup(this.toolGroupId);
    this.renderingEngine.destroy();
  }

  private reportWindow(): void {
    const range = this.viewport.getProperties().voiRange;
    if (range) this.listener.onWindow(displayWindowOf(range));
  }

  private readonly handleNewImage = (event: Event) => {
    const { imageIdIndex } = (event as CustomEvent<{ imageIdIndex: number }>).detail;
    this.listener.onSlice(imageIdIndex, this.imageIds.length);
    this.reportWindow();
  };

  private readonly handleVoi = (event: Event) => {
    const { range } = (event as CustomEvent<{ range?: { lower: number; upper: number } }>).detail;
    if (range) this.listener.onWindow(displayWindowOf(range));
  };

  private readonly handleLoadError = (event: Event) => {
    const { imageId } = (event as CustomEvent<{ imageId?: string }>).detail ?? {};
    if (imageId !== undefined && this.imageIds.includes(imageId)) this.listener.onImageError();
  };
}
