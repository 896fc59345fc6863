/**
 * Lists the functions in src/ whose body is longer than 60 lines and the files over 400 lines
 * (the limits of issue 10 and STYLE.md). It only reports: the exit code is 1 when something is
 * over a limit, so CI can run it once the tree keeps to them.
 *
 *   npx tsx scripts/long-functions.ts [--max-function 60] [--max-file 400] [--specs] [dir]
 *
 * Without tsx or ts-node (neither is installed today), the TypeScript compiler can run it:
 *
 *   node -e "require.extensions['.ts']=(m,f)=>m._compile(require('typescript').transpileModule(
 *     require('fs').readFileSync(f,'utf8'),{compilerOptions:{module:1,target:9,esModuleInterop:true}}
 *     ).outputText,f);require('./scripts/long-functions.ts')" -- [options]
 *
 * A function's length is the lines its body spans, braces included (for an arrow function with an
 * expression body, the expression's): a long signature or decorators do not count. Unit specs
 * (*.spec.ts) are left out unless --specs is given; migrations count like any other file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

interface Options {
  maxFunction: number;
  maxFile: number;
  specs: boolean;
  root: string;
}

interface LongFunction {
  file: string;
  line: number;
  name: string;
  lines: number;
}

function parseOptions(args: string[]): Options {
  const options: Options = { maxFunction: 60, maxFile: 400, specs: false, root: 'src' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--max-function') options.maxFunction = Number(args[++i]);
    else if (arg === '--max-file') options.maxFile = Number(args[++i]);
    else if (arg === '--specs') options.specs = true;
    else if (arg === '--') continue;
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else options.root = arg;
  }
  if (!(options.maxFunction > 0) || !(options.maxFile > 0)) {
    throw new Error('--max-function and --max-file take a positive number');
  }
  return options;
}

function sourceFiles(dir: string, specs: boolean): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return sourceFiles(path, specs);
      if (!entry.endsWith('.ts') || entry.endsWith('.d.ts')) return [];
      return specs || !entry.endsWith('.spec.ts') ? [path] : [];
    });
}

type FunctionNode =
  | ts.FunctionDeclaration
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction;

function isFunction(node: ts.Node): node is FunctionNode {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node)
  );
}

function propertyName(name: ts.PropertyName | ts.BindingName, source: ts.SourceFile): string {
  return ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name)
    ? name.text
    : name.getText(source);
}

/** A readable name: Class.method, the variable or property a function is assigned to, or a call's callback. */
function nameOf(node: FunctionNode, source: ts.SourceFile): string {
  const owner = (n: ts.Node): string =>
    ts.isClassLike(n.parent) && n.parent.name ? `${n.parent.name.text}.` : '';
  if (ts.isConstructorDeclaration(node)) return `${owner(node)}constructor`;
  if (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)) &&
    node.name
  ) {
    const prefix = ts.isGetAccessorDeclaration(node)
      ? 'get '
      : ts.isSetAccessorDeclaration(node)
        ? 'set '
        : '';
    return `${owner(node)}${prefix}${propertyName(node.name, source)}`;
  }
  if (ts.isFunctionExpression(node) && node.name) return node.name.text;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) {
    return propertyName(parent.name, source);
  }
  if (ts.isPropertyDeclaration(parent))
    return `${owner(parent)}${propertyName(parent.name, source)}`;
  if (ts.isCallExpression(parent)) {
    const callee = parent.expression.getText(source).replace(/\s+/g, ' ');
    return `(callback of ${callee.length > 50 ? `${callee.slice(0, 47)}...` : callee})`;
  }
  return '(anonymous)';
}

/** A comment just above the function that starts a line with "Long on purpose:" exempts it. */
function saysWhy(node: FunctionNode, text: string): boolean {
  const holder = ts.isArrowFunction(node) || ts.isFunctionExpression(node) ? node.parent : node;
  const comments = ts.getLeadingCommentRanges(text, holder.getFullStart()) ?? [];
  return comments.some((c) => /Long on purpose:/.test(text.slice(c.pos, c.end)));
}

function longFunctions(file: string, text: string, max: number): LongFunction[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: LongFunction[] = [];
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
  const visit = (node: ts.Node) => {
    if (isFunction(node) && node.body) {
      const start = lineOf(node.body.getStart(source));
      const lines = lineOf(node.body.getEnd()) - start + 1;
      if (lines > max && !saysWhy(node, text)) {
        found.push({
          file,
          line: lineOf(node.getStart(source)),
          name: nameOf(node, source),
          lines,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The arguments after this script's path (run by tsx or ts-node), or all of them (run by node -e). */
function scriptArguments(): string[] {
  const self = process.argv.findIndex((arg) => /long-functions\.[jt]s$/.test(arg));
  return process.argv.slice(self >= 0 ? self + 1 : 1);
}

function main(): number {
  const options = parseOptions(scriptArguments());
  const files = sourceFiles(options.root, options.specs);
  const functions: LongFunction[] = [];
  const bigFiles: { file: string; lines: number }[] = [];
  for (const path of files) {
    const text = readFileSync(path, 'utf8');
    const file = relative(process.cwd(), path);
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    // A data table may be long: "Long on purpose:" in its opening comment says why.
    const saysWhyAtTop = /Long on purpose:/.test(text.split('\n').slice(0, 30).join('\n'));
    if (lines > options.maxFile && !saysWhyAtTop) bigFiles.push({ file, lines });
    functions.push(...longFunctions(file, text, options.maxFunction));
  }
  functions.sort((a, b) => b.lines - a.lines || a.file.localeCompare(b.file));
  bigFiles.sort((a, b) => b.lines - a.lines);

  console.log(
    `Functions in ${options.root}/ with a body over ${options.maxFunction} lines: ${functions.length}`,
  );
  for (const f of functions)
    console.log(`  ${String(f.lines).padStart(4)}  ${f.file}:${f.line}  ${f.name}`);
  console.log(`Files in ${options.root}/ over ${options.maxFile} lines: ${bigFiles.length}`);
  for (const f of bigFiles) console.log(`  ${String(f.lines).padStart(4)}  ${f.file}`);
  console.log(`(${files.length} files read${options.specs ? ', unit specs included' : ''})`);
  return functions.length || bigFiles.length ? 1 : 0;
}

process.exitCode = main();
