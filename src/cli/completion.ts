// `schedcost completion bash|zsh`: a completion script generated from the
// command tree itself, so it never lists an option that does not exist.
import type { Command, Option } from 'commander';
import { UsageError } from '../errors.js';

interface Tree {
  commands: { name: string; options: string[]; choices: Record<string, string[]> }[];
  globalOptions: string[];
}

function treeOf(program: Command): Tree {
  const longs = (options: readonly Option[]) => options.flatMap((o) => (o.long ? [o.long] : []));
  return {
    globalOptions: [...longs(program.options), '--help'],
    commands: program.commands.map((c) => ({
      name: c.name(),
      options: [...longs(c.options), '--help'],
      choices: Object.fromEntries(
        (c.options as Option[]).flatMap((o) => (o.long && o.argChoices ? [[o.long, o.argChoices]] : [])),
      ),
    })),
  };
}

function bash(tree: Tree): string {
  const cases = tree.commands
    .map((c) => {
      const choices = Object.entries(c.choices)
        .map(
          ([option, values]) =>
            `        ${option}) COMPREPLY=($(compgen -W "${values.join(' ')}" -- "$cur")); return;;`,
        )
        .join('\n');
      return `    ${c.name})\n      case "$prev" in\n${choices}\n      esac\n      COMPREPLY=($(compgen -W "${c.options.join(' ')}" -- "$cur"))\n      [[ "$cur" != -* ]] && COMPREPLY+=($(compgen -f -- "$cur"));;`;
    })
    .join('\n');
  return `# schedcost bash completion: eval "$(schedcost completion bash)"
_schedcost() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" command="" word
  for word in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    [[ "$word" != -* ]] && { command="$word"; break; }
  done
  case "$command" in
    "") COMPREPLY=($(compgen -W "${tree.commands.map((c) => c.name).join(' ')} ${tree.globalOptions.join(' ')}" -- "$cur"));;
${cases}
  esac
}
complete -o filenames -F _schedcost schedcost
`;
}

function zsh(tree: Tree): string {
  const commands = tree.commands.map((c) => `'${c.name}'`).join(' ');
  const cases = tree.commands
    .map(
      (c) =>
        `    ${c.name}) _arguments ${c.options.map((o) => `'${o}[]${c.choices[o] ? `:value:(${c.choices[o].join(' ')})` : ''}'`).join(' ')} '*:file:_files';;`,
    )
    .join('\n');
  return `#compdef schedcost
# schedcost zsh completion: schedcost completion zsh > "\${fpath[1]}/_schedcost"
_schedcost() {
  local -a commands=(${commands})
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  case "$words[2]" in
${cases}
  esac
}
_schedcost "$@"
`;
}

export function completionScript(program: Command, shell: string): string {
  const tree = treeOf(program);
  if (shell === 'bash') return bash(tree);
  if (shell === 'zsh') return zsh(tree);
  throw new UsageError(`no completion for '${shell}' (bash, zsh)`);
}
