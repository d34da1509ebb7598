// Describes the row types of types.ts for schema-drift.ts as TypeScript itself resolves them:
// through the compiler's type checker, not by reading the text. A union imported from another
// module, an alias of an alias, Generated<> and ColumnType<> all come out as the types they
// stand for, so moving a type to another file cannot fool the check.
import ts from 'typescript';
import { dirname } from 'node:path';
import type { TsColumn, TsKind, TsTable, TsType } from './schema-drift.js';

export interface RowTypesOptions {
  /** The interface listing the tables (Kysely's database type). */
  interfaceName?: string;
  /** Files that exist only in memory, by absolute path (tests); they shadow files on disk. */
  sources?: Record<string, string>;
}

/** The tables of the `DB` interface exported by `file` (an absolute path). */
export function readRowTypes(file: string, options: RowTypesOptions = {}): TsTable[] {
  const { interfaceName = 'DB', sources = {} } = options;
  const program = createProgram(file, sources);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`${file} not found`);

  // A type that fails to compile (a broken import) turns into any and would check nothing.
  const errors = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  if (errors.length > 0) {
    const text = errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n');
    throw new Error(`${file} does not compile:\n${text}`);
  }

  const moduleSymbol = checker.getSymbolAtLocation(source);
  let symbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === interfaceName);
  if (!symbol) throw new Error(`${file} exports no ${interfaceName}`);
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const dbType = checker.getDeclaredTypeOfSymbol(symbol);

  return checker.getPropertiesOfType(dbType).map((table) => ({
    name: table.name,
    columns: checker.getPropertiesOfType(checker.getTypeOfSymbol(table)).map((column) => describeColumn(checker, column)),
  }));
}

const parsedFiles = new Map<string, ts.SourceFile>();

function createProgram(file: string, sources: Record<string, string>): ts.Program {
  // The project's own compiler options, so that imports resolve as in `npm run typecheck`.
  const configPath = ts.findConfigFile(dirname(file), ts.sys.fileExists);
  const options: ts.CompilerOptions = configPath
    ? (ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })?.options ??
      {})
    : {};
  // Nullability is compared, and TypeScript only keeps null in a type under strictNullChecks.
  Object.assign(options, { strictNullChecks: true, noEmit: true });
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (path) => path in sources || fileExists.call(host, path);
  host.readFile = (path) => sources[path] ?? readFile.call(host, path);
  // Module resolution looks for a file's directory before the file.
  const directories = new Set(Object.keys(sources).flatMap((path) => path.split('/').map((_, i, parts) => parts.slice(0, i).join('/'))));
  host.directoryExists = (path) => directories.has(path.replace(/\/$/, '')) || ts.sys.directoryExists(path);
  host.getSourceFile = (path, language, ...rest) => {
    const text = sources[path];
    if (text !== undefined) return ts.createSourceFile(path, text, language);
    // Installed declarations (the standard library, kysely, @types/node) are parsed once per
    // process: parsing them is most of a program's cost, and each fixture test builds a program.
    // The project's own files are read afresh every time.
    if (!path.includes('/node_modules/')) return getSourceFile.call(host, path, language, ...rest);
    const format = typeof language === 'object' ? `${language.languageVersion}/${language.impliedNodeFormat}` : String(language);
    const key = `${format}:${path}`;
    let file = parsedFiles.get(key);
    if (!file) {
      file = getSourceFile.call(host, path, language, ...rest);
      if (file) parsedFiles.set(key, file);
    }
    return file;
  };
  return ts.createProgram({ rootNames: [file], options, host });
}

function describeColumn(checker: ts.TypeChecker, column: ts.Symbol): TsColumn {
  const type = checker.getTypeOfSymbol(column);
  // Kysely's ColumnType<S, I, U> (and Generated<S>, an alias of it) is { __select__: S, __insert__: I, __update__: U };
  // any other type is the column's type for all three.
  const part = (name: string) => {
    const property = type.getProperty(name);
    return property ? checker.getTypeOfSymbol(property) : type;
  };
  const select = describeType(checker, part('__select__'));
  // An optional property (`name?: string`) is undefined when selected: say so through the select type.
  if (column.flags & ts.SymbolFlags.Optional) select.undefinable = true;
  return {
    name: column.name,
    select,
    insert: describeType(checker, part('__insert__')),
    update: describeType(checker, part('__update__')),
  };
}

/** Exported for tests. */
export function describeType(checker: ts.TypeChecker, type: ts.Type): TsType {
  const described: TsType = {
    kinds: [],
    literals: [],
    nullable: false,
    undefinable: false,
    text: checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation),
  };
  for (const part of type.isUnion() ? type.types : [type]) {
    if (part.flags & ts.TypeFlags.Null) described.nullable = true;
    else if (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) described.undefinable = true;
    else {
      const kind = kindOf(checker, part);
      if (!described.kinds.includes(kind)) described.kinds.push(kind);
      if (part.isStringLiteral()) described.literals!.push(part.value);
      else described.literals = undefined;
    }
  }
  if (described.literals?.length === 0) described.literals = undefined;
  return described;
}

function kindOf(checker: ts.TypeChecker, type: ts.Type): TsKind {
  const flags = type.flags;
  if (flags & ts.TypeFlags.Any) return 'any';
  if (flags & ts.TypeFlags.Unknown) return 'unknown';
  if (flags & ts.TypeFlags.Never) return 'never';
  if (flags & ts.TypeFlags.StringLike) return 'string';
  if (flags & ts.TypeFlags.NumberLike) return 'number';
  if (flags & ts.TypeFlags.BigIntLike) return 'bigint';
  if (flags & ts.TypeFlags.BooleanLike) return 'boolean';
  if (type.isIntersection()) {
    // A branded primitive (string & { __brand: 'AccountId' }) is that primitive.
    const primitive = type.types.map((member) => kindOf(checker, member)).find((kind) => kind !== 'object');
    return primitive ?? 'object';
  }
  if (flags & ts.TypeFlags.Object) {
    if (checker.isArrayType(type) || checker.isTupleType(type)) return 'array';
    const name = type.getSymbol()?.name;
    if (name === 'Date') return 'Date';
    if (name === 'Buffer' || name === 'Uint8Array') return 'bytes';
    return 'object';
  }
  if (flags & ts.TypeFlags.NonPrimitive) return 'object';
  return 'other';
}
