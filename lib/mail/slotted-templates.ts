/**
 * Renders an email once with markers in its per-message slots, then fills the markers by
 * string replacement: rendering React Email (HTML, then again for the text part) cost about
 * 35 ms of CPU per message on a 2-core machine, more than everything else a sign-in costs,
 * and the outbox could not keep up with sign-in requests.
 *
 * A filled template is the full render byte for byte only for values that neither React's
 * HTML escaping nor the HTML-to-text conversion changes: printable text with single spaces
 * and none of & < > " '. Any other value (rare: they come from our URLs, codes, clock and
 * device labels) is rendered in full, as is every render whose markers did not come through
 * intact in both parts. Tests hold the filled output to the full render.
 */
export interface RenderedParts {
  html: string;
  text: string;
}

const MARKER = /zqslot([a-z]+)zq/g;
const SAFE_VALUE = /^[^\s&<>"']+(?: [^\s&<>"']+)*$/;

function marker(name: string): string {
  return `zqslot${name}zq`;
}

/** True when inserting `value` into a filled template gives what a full render would. */
export function fillsExactly(value: string): boolean {
  return SAFE_VALUE.test(value) && !value.includes("zqslot");
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(MARKER, (whole, name: string) => values[name] ?? whole);
}

export class SlottedTemplates<Slot extends string> {
  private readonly templates = new Map<string, Promise<RenderedParts | null>>();

  /** `slots` are lower-case ASCII names; `maxTemplates` bounds the cache (oldest dropped first). */
  constructor(
    private readonly slots: readonly Slot[],
    private readonly maxTemplates = 32,
  ) {}

  /**
   * The email for `values`. `key` names everything else the render depends on (two calls with
   * the same key must differ only in the slots' values); `renderWith` renders in full.
   */
  async render(
    key: string,
    values: Record<Slot, string>,
    renderWith: (values: Record<Slot, string>) => Promise<RenderedParts>,
  ): Promise<RenderedParts> {
    if (!this.slots.every((slot) => fillsExactly(values[slot]))) return renderWith(values);
    const template = await this.template(key, renderWith);
    if (!template) return renderWith(values);
    return { html: fill(template.html, values), text: fill(template.text, values) };
  }

  private template(key: string, renderWith: (values: Record<Slot, string>) => Promise<RenderedParts>): Promise<RenderedParts | null> {
    let template = this.templates.get(key);
    if (template) return template;
    const markers = Object.fromEntries(this.slots.map((slot) => [slot, marker(slot)])) as Record<Slot, string>;
    template = renderWith(markers).then((parts) => (this.keepsEveryMarker(parts) ? parts : null));
    // A failed render is not cached: the next message tries again (and reports its own error).
    template.catch(() => this.templates.delete(key));
    this.templates.set(key, template);
    if (this.templates.size > this.maxTemplates) this.templates.delete(this.templates.keys().next().value!);
    return template;
  }

  private keepsEveryMarker(parts: RenderedParts): boolean {
    return this.slots.every((slot) => parts.html.includes(marker(slot)) && parts.text.includes(marker(slot)));
  }
}
