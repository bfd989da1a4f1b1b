import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { withExamples } from './examples.js';
import { action } from './run.js';
import type { CliContext } from './context.js';

/** The templates and their renderers, loaded on first use so `integr --help` stays light. */
async function templatesOf(ctx: CliContext) {
  const [{ loadTemplates, resolveTemplate }, { renderTemplate, renderTemplateList, templateJson }] = await Promise.all([import('../import/templates.js'), import('../output/import-report.js')]);
  const { config } = await ctx.config();
  return { list: loadTemplates(config.import.templatesDir), resolveTemplate, renderTemplate, renderTemplateList, templateJson };
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
        const { list, templateJson, renderTemplateList } = await templatesOf(ctx);
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
        const { list, resolveTemplate, templateJson, renderTemplate } = await templatesOf(ctx);
        const t = resolveTemplate(list, name);
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
        const { list, resolveTemplate } = await templatesOf(ctx);
        const t = resolveTemplate(list, name);
        const out = resolve(flags.out ?? `${t.name}.xlsx`);
        if (existsSync(out) && !flags.force) throw usageError(`${out} exists; pass --force to overwrite it`);
        const { writeTemplateWorkbook } = await import('../import/template-workbook.js');
        await writeTemplateWorkbook(t, out);
        if (ctx.opts.json) return void ctx.out.emitJson({ template: t.name, file: out });
        ctx.out.result(`template ${t.name} written to ${out}`);
      }),
    );
}
