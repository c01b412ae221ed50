/**
 * Writes examples/import/branch-south.xlsx, the Excel example: a workbook as HR and finance
 * export it, one sheet per kind named in Chinese, real date cells and numeric amounts.
 * Run: node --import tsx packages/api/scripts/make-example-xlsx.ts
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// Excel has no time zones: a date cell holds the wall-clock time, which exceljs writes as UTC.
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

const workbook = new ExcelJS.Workbook();
workbook.created = day('2025-03-31');
const employees = workbook.addWorksheet('员工');
employees.addRow([
  '员工编号',
  '姓名',
  '分公司',
  '团队',
  '区域',
  '上级',
  '职级',
  '入职日期',
  '试用期结束',
  '招聘匹配度',
]);
employees.addRow([
  'E101',
  '孙丽',
  'BR-SOUTH',
  'T-SOUTH-1',
  'R-SOUTH',
  null,
  '销售主管',
  day('2022-04-01'),
  null,
  85,
]);
employees.addRow([
  'E102',
  '周杰',
  'BR-SOUTH',
  'T-SOUTH-1',
  'R-SOUTH',
  'E101',
  '销售代表',
  day('2024-05-06'),
  null,
  72,
]);
employees.addRow([
  'E103',
  '吴敏',
  'BR-SOUTH',
  'T-SOUTH-1',
  'R-SOUTH',
  'E101',
  '销售代表',
  day('2025-01-13'),
  day('2025-04-13'),
  66,
]);
const sales = workbook.addWorksheet('销售');
sales.addRow([
  '销售单号',
  '员工编号',
  '成交金额（元）',
  '毛利率',
  '产品线',
  '客户编号',
  '客户类型',
  '成交日期',
]);
sales.addRow(['S-2101', 'E101', 98000.5, 0.31, 'erp-suite', 'C-101', '大客户', day('2025-02-14')]);
sales.addRow([
  'S-2102',
  'E102',
  23400,
  0.27,
  'crm-cloud',
  'C-102',
  '中小企业',
  new Date('2025-03-03T14:30:00Z'),
]);
const payments = workbook.addWorksheet('回款');
payments.addRow(['回款单号', '销售单号', '回款金额', '回款日期']);
payments.addRow(['P-2101', 'S-2101', 49000.25, day('2025-03-01')]);
payments.addRow(['P-2102', 'S-2102', 23400, day('2025-03-20')]);
const notes = workbook.addWorksheet('说明');
notes.addRow(['金额单位：元；日期为北京时间。']);

const file = path.join(ROOT, 'examples/import/branch-south.xlsx');
await workbook.xlsx.writeFile(file);
console.log(`wrote ${path.relative(ROOT, file)}`);
