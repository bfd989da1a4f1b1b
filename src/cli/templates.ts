import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { loadTemplates, resolveTemplate } from '../import/templates.js';
import { writeTemplateWorkbook } from '../import/template-workbook.js';
import { renderTemplate, renderTemplateList, templateJson } from '../output/import-report.js';
import { withExamples } from './examples.js';
import { action } from './run.js';
import type { CliContext } from './context.js';

async function templatesOf(ctx: CliContext) {
  const { config } = await ctx.config();
  return loadTemplates(config.import.templatesDir);
}

export function registerTemplates(program: Command): void {
  const templates = withExamples(program.command('templates').description('import templates: the columns each import type accepts'), [
    'integr templates',
    'integr templates show products',
    'integr templates export orders --out siparisler.xlsx',
  ]);

  templates
    .command('list', { isDefault: true })
    .description('built-in templates and those in import.templatesDir')
    .action(
      action(async (ctx) => {
        const list = await templatesOf(ctx);
        if (ctx.opts.json) return void ctx.out.emitJson({ templates: list.map(templateJson) });
        ctx.out.result(renderTemplateList(list));
      }),
    );

  templates
    .command('show')
    .description("a template's columns: key, type, required, every accepted header")
    .argument('<name>', 'template name or .json path')
    .action(
      action(async (ctx, name: string) => {
        const t = resolveTemplate(await templatesOf(ctx), name);
        if (ctx.opts.json) return void ctx.out.emitJson(templateJson(t));
        ctx.out.result(renderTemplate(t));
      }),
    );

  templates
    .command('export')
    .description('write a blank workbook with the header row and a sheet explaining each column')
    .argument('<name>', 'template name or .json path')
    .option('--out <file.xlsx>', 'where to write it (default: <name>.xlsx)')
    .option('--force', 'overwrite the file if it exists')
    .action(
      action(async (ctx, name: string, flags: { out?: string; force?: boolean }) => {
        const t = resolveTemplate(await templatesOf(ctx), name);
        const out = resolve(flags.out ?? `${t.name}.xlsx`);
        if (existsSync(out) && !flags.force) throw usageError(`${out} exists; pass --force to overwrite it`);
        await writeTemplateWorkbook(t, out);
        if (ctx.opts.json) return void ctx.out.emitJson({ template: t.name, file: out });
        ctx.out.result(`template ${t.name} written to ${out}`);
      }),
    );
}
