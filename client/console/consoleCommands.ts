// The one path every command takes, whether from a button, a keyboard shortcut or the scrub
// slider: checked against the shared schema, marked pending (a playback takes seconds to prepare),
// sent, and its answer applied and said (a refusal with the server's message).
import { wallCommandSchema, type CommandResult, type WallCommand } from '../../shared/wallControl.ts';
import { commandText, refusalText, type Names } from './commandText.ts';
import { ct } from './consoleMessages.ts';
import { emitCommand } from './consoleSocket.ts';
import { useConsoleStore, type ConsoleState } from './consoleStore.ts';

let nextId = 1;

/** Scene and region names as the console knows them now. */
export function namesOf(s: Pick<ConsoleState, 'layout' | 'regions'>): Names {
  return {
    scene: (id) => s.layout?.scenes.find((sc) => sc.id === id)?.name ?? id,
    region: (code) => s.regions?.name(code) ?? code,
  };
}

export async function send(command: WallCommand): Promise<CommandResult> {
  const store = useConsoleStore.getState();
  const id = nextId++;
  const checked = wallCommandSchema.safeParse(command);
  const text = commandText(command, namesOf(store));
  if (!checked.success) {
    const result: CommandResult = { ok: false, code: 'invalid_command', message: checked.error.issues.map((i) => i.message).join('; ') };
    store.commandAnswered(id, command, result, result.message);
    return result;
  }
  store.commandSent(id, checked.data);
  const result = await emitCommand(checked.data);
  const after = useConsoleStore.getState();
  if (result.ok) after.stateReceived(result.state, 'ack');
  after.commandAnswered(id, checked.data, result, result.ok ? ct.done(text) : refusalText(result.code, result.message, checked.data));
  return result;
}
