// A wall command in words, for the history and the "done" notice: "切换场景「全市总览」",
// "聚焦 红桥区", "回放 11-21 00:00 至 11-22 00:00（×1440）". Pure: names come from the caller.
import { REFUSAL_CODES, SYSTEM_WHO, type RefusalCode, type WallCommand } from '../../shared/wallControl.ts';
import { ct } from './consoleMessages.ts';
import { shanghaiStamp, speedText } from './playbackPlan.ts';

export interface Names {
  scene(id: string): string;
  region(code: string): string;
}

const onOff = (v: boolean | null | undefined) => (v === null ? ct.useDefault : v ? ct.on : ct.off);

/** Who made a change, in words: a presenter's name, a screen's keyboard ("keyboard 1-3"), or the server itself (系统). */
export function whoText(who: string): string {
  if (who === SYSTEM_WHO) return ct.systemWho;
  const screen = /^keyboard (\d+-\d+)$/.exec(who)?.[1];
  return screen ? ct.keyboardWho(screen) : who;
}

/** Why a command was refused, in the console's language: by its code, with what it was about; the server's sentence where the code is unknown. */
export function refusalText(code: string | null, message: string, cmd: WallCommand): string {
  if (!code || !(REFUSAL_CODES as readonly string[]).includes(code)) return message;
  const words = ct.refusal[code as RefusalCode](message);
  const about = cmd.type === 'spotlight' ? cmd.caseId : cmd.type === 'focus' ? cmd.region : cmd.type === 'scene' ? cmd.scene : null;
  return about && words !== message ? `${words}：${about}` : words;
}

export function commandText(cmd: WallCommand, names: Names): string {
  switch (cmd.type) {
    case 'scene':
      return ct.cmd.scene(names.scene(cmd.scene));
    case 'sceneStep':
      return ct.cmd.sceneStep(cmd.step);
    case 'focus':
      return ct.cmd.focus(cmd.region ? names.region(cmd.region) : null);
    case 'bounds':
      return ct.cmd.bounds;
    case 'heatMetric':
      return ct.cmd.heatMetric(cmd.metric ? ct.metricName[cmd.metric] : null);
    case 'layers': {
      const parts = [
        ...(cmd.density !== undefined ? [`${ct.density} ${onOff(cmd.density)}`] : []),
        ...(cmd.workers !== undefined ? [`${ct.workers} ${onOff(cmd.workers)}`] : []),
      ];
      return ct.cmd.layers(parts.join(' · '));
    }
    case 'trendPeriod':
      return ct.cmd.trendPeriod(cmd.period ? ct.period[cmd.period] : null);
    case 'spotlight':
      return ct.cmd.spotlight(cmd.caseId);
    case 'playback':
      return ct.cmd.playback(shanghaiStamp(cmd.from, false), shanghaiStamp(cmd.to, false), speedText(cmd.speed));
    case 'pause':
      return ct.cmd.pause;
    case 'resume':
      return ct.cmd.resume;
    case 'seek':
      return ct.cmd.seek(shanghaiStamp(cmd.at));
    case 'speed':
      return ct.cmd.speed(speedText(cmd.speed));
    case 'live':
      return ct.cmd.live;
    case 'reset':
      return ct.cmd.reset;
  }
}
