// How the map draws on this screen PC. With a GPU ("smooth"): workers glide between fixes by GPU
// attribute transitions and every data tick is drawn as it comes. With software GL — SwiftShader,
// llvmpipe, Microsoft's basic renderer: many hall and intranet PCs and every virtual desktop —
// ("lean"), each redraw costs the CPU hundreds of milliseconds, so the map draws only when its data
// or camera changed, at most once per LEAN_REDRAW_MS: workers step to each fix instead of gliding,
// the heat and the density follow at the same pace. `?render=smooth|lean` on the wall's address
// overrides the detection (a weak GPU that draws like software; a measurement).

export type RenderMode = 'smooth' | 'lean';

/** Under software GL the map redraws at most this often (its data tick: positions come once a second). */
export const LEAN_REDRAW_MS = 1000;

/** Renderer strings of software rasterisers. */
const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

/** The GL renderer's name, as the driver gives it ('' without WebGL). */
export function glRendererName(): string {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return '';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return name;
}

export function isSoftwareGl(renderer: string): boolean {
  return renderer === '' || SOFTWARE_GL.test(renderer);
}

let detected: RenderMode | undefined;

/** This screen's mode: the address's `render` if given, else by the GL renderer (detected once). */
export function renderMode(): RenderMode {
  if (detected) return detected;
  const asked = new URLSearchParams(location.search).get('render');
  detected = asked === 'smooth' || asked === 'lean' ? asked : isSoftwareGl(glRendererName()) ? 'lean' : 'smooth';
  return detected;
}
