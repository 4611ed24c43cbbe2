// Colour and progress only where a person watches: on a TTY, and never with
// NO_COLOR (https://no-color.org). CI logs get plain text.
import { styleText } from 'node:util';

type Colour = 'green' | 'red' | 'yellow' | 'cyan' | 'dim';

export function colourEnabled(stream: NodeJS.WritableStream): boolean {
  return Boolean((stream as { isTTY?: boolean }).isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}

export function paint(text: string, colour: Colour, stream: NodeJS.WritableStream): string {
  return colourEnabled(stream) ? styleText(colour, text) : text;
}
