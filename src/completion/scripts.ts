/**
 * The scripts `wishlist completion SHELL` prints. Each one asks the program it
 * completes for (the command line's first word, so ./bin/wishlist works too)
 * `__complete WORD... CURRENT` (./complete.ts), with stdin closed and stderr
 * dropped, so nothing can prompt and no error reaches the shell.
 */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const
export type Shell = (typeof COMPLETION_SHELLS)[number]

const BASH = String.raw`# wishlist completion for bash: source it from ~/.bashrc (see wishlist completion --help).
_wishlist_complete() {
  local cur=$\{COMP_WORDS[COMP_CWORD]} out directive line
  local -a values=()
  out=$("$\{COMP_WORDS[0]}" __complete "$\{COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null </dev/null) || return 0
  directive=$\{out##*$'\n'}
  [[ $out == *$'\n'* ]] && out=$\{out%$'\n'*} || out=
  case $directive in
    :1) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
    :2) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return 0 ;;
  esac
  while IFS= read -r line; do
    [[ -n $line ]] && values+=("$\{line%%$'\t'*}")
  done <<< "$out"
  COMPREPLY=()
  # Inside quotes the shell keeps the value as it is; outside, spaces need escaping.
  if [[ $cur == [\"\']* ]]; then
    COMPREPLY=("$\{values[@]}")
  else
    for line in "$\{values[@]}"; do
      if [[ $line == *[^A-Za-z0-9_@.,:/=+-]* ]]; then COMPREPLY+=("$(printf '%q' "$line")"); else COMPREPLY+=("$line"); fi
    done
  fi
}
complete -o default -F _wishlist_complete wishlist
`

const ZSH = String.raw`#compdef wishlist
# wishlist completion for zsh: see wishlist completion --help.
_wishlist() {
  local out directive line
  local -a lines values descriptions
  out=$("$\{words[1]}" __complete "$\{(@)words[2,CURRENT]}" 2>/dev/null </dev/null) || return 1
  lines=("$\{(@f)out}")
  directive=$\{lines[-1]}
  lines=("$\{(@)lines[1,-2]}")
  case $directive in
    :1) _files; return ;;
    :2) _files -/; return ;;
  esac
  for line in "$\{lines[@]}"; do
    [[ -z $line ]] && continue
    values+=("$\{line%%$'\t'*}")
    if [[ $line == *$'\t'* ]]; then
      descriptions+=("$\{line%%$'\t'*}  -- $\{line#*$'\t'}")
    else
      descriptions+=("$line")
    fi
  done
  (( $\{#values} )) && compadd -l -d descriptions -a values
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _wishlist "$@"
else
  compdef _wishlist wishlist
fi
`

const FISH = String.raw`# wishlist completion for fish: see wishlist completion --help.
function __wishlist_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l program $tokens[1]
    set -e tokens[1]
    set -l out ($program __complete $tokens $current 2>/dev/null </dev/null)
    or return
    set -l directive $out[-1]
    set -e out[-1]
    switch "$directive"
        case :1
            __fish_complete_path $current
        case :2
            __fish_complete_directories $current
        case '*'
            printf '%s\n' $out
    end
end
complete -c wishlist -f -a '(__wishlist_complete)'
`

export function completionScript(shell: Shell): string {
  // Written with $\{ so that String.raw keeps the shells' own $\{...} untouched.
  return (shell === 'bash' ? BASH : shell === 'zsh' ? ZSH : FISH).replaceAll('$\\{', '${')
}

export const COMPLETION_HELP = `
Prints a script that completes wishlist's commands, options, option values and,
from the database, your list names and users' emails. Nothing in it prompts;
a database whose server is not running gives no names rather than a wait.

Install it once:

  bash  echo 'source <(wishlist completion bash)' >> ~/.bashrc
        (or: wishlist completion bash > ~/.local/share/bash-completion/completions/wishlist)
  zsh   wishlist completion zsh > "\${fpath[1]}/_wishlist"
        (a directory of your fpath; then compinit, e.g. restart the shell), or
        echo 'source <(wishlist completion zsh)' >> ~/.zshrc after compinit
  fish  wishlist completion fish > ~/.config/fish/completions/wishlist.fish
`
