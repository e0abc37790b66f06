import type { StaffRole } from '../shared/staff/roles.ts';

/**
 * What the back office is made of, named once for both the CDK app and the local runtime: the API routes,
 * the workflow step functions, the stream handler and the workflows with their ARN placeholders.
 */
export interface FunctionSpec {
  /** The logical name: the CDK construct id, and the `${NameFunctionArn}` placeholder in workflow files. */
  name: string;
  entry: string;
  /** Sends e-mail through SES. */
  sendsEmail?: boolean;
  /** Starts executions of these workflows. */
  startsWorkflows?: string[];
  /** Writes files to the exports store (S3). */
  writesExports?: boolean;
  /** Reads files from the exports store (the SEPA batches it books on their debit date). */
  readsExports?: boolean;
  /** The folders of the exports store it writes or reads; `sepa` unless given (issue 10: `letters`). */
  exportFolders?: string[];
  /** Makes PDFs: the fonts are copied beside its bundle (infra/stack.ts). */
  makesPdfs?: boolean;
  /** Ends workflow tasks (SendTaskSuccess / SendTaskFailure) of these workflows. */
  respondsToTasks?: string[];
  /** INV-8: seals or opens parents' BSNs: may read the key (a Secrets Manager secret in AWS). */
  usesBsnKey?: boolean;
  /** Lambda timeout; 30 s unless the function works through pages of a large organisation. */
  timeoutSeconds?: number;
  /** Lambda memory; 512 MB unless it holds a whole month (the SEPA file). */
  memoryMB?: number;
}

export interface RouteSpec extends FunctionSpec {
  method: 'GET' | 'POST' | 'PUT';
  /** API Gateway route syntax: /offers/{id}/accept */
  path: string;
  /**
   * `admin`: the admin key (the authorizer); `signature`: a form provider's webhook, no key, verified by
   * the handler against the provider's signing secret (KLA-1) before anything is stored.
   */
  auth: 'admin' | 'signature';
  /** KLA-1: reads the signing secrets of the form providers. */
  readsWebhookSecrets?: boolean;
  /** Issue 13: the staff roles the route is open to (the admin key opens every `admin` route). */
  roles?: readonly StaffRole[];
}

export const routes: RouteSpec[] = [
  { name: 'CreateOffer', entry: 'functions/create-offer.ts', method: 'POST', path: '/offers', auth: 'admin' },
  { name: 'GetOffer', entry: 'functions/get-offer.ts', method: 'GET', path: '/offers/{id}', auth: 'admin' },
  { name: 'ListOffers', entry: 'functions/list-offers.ts', method: 'GET', path: '/offers', auth: 'admin' },
  {
    name: 'AcceptOffer',
    entry: 'functions/accept-offer.ts',
    respondsToTasks: ['offer'],
    method: 'POST',
    path: '/offers/{id}/accept',
    auth: 'admin',
  },
  {
    name: 'PutParent',
    entry: 'functions/put-parent.ts',
    method: 'PUT',
    path: '/parents/{id}',
    auth: 'admin',
    usesBsnKey: true,
  },
  {
    name: 'ImportContract',
    entry: 'functions/import-contract.ts',
    method: 'POST',
    path: '/contracts',
    auth: 'admin',
  },
  {
    name: 'ListContracts',
    entry: 'functions/list-contracts.ts',
    method: 'GET',
    path: '/contracts',
    auth: 'admin',
  },
  {
    name: 'ListInvoices',
    entry: 'functions/list-invoices.ts',
    method: 'GET',
    path: '/invoices',
    auth: 'admin',
  },
  {
    name: 'ListDunningCases',
    entry: 'functions/dunning/list-dunning-cases.ts',
    method: 'GET',
    path: '/dunning-cases',
    auth: 'admin',
  },
  {
    name: 'GetPolicyCheck',
    entry: 'functions/get-policy-check.ts',
    method: 'GET',
    path: '/policy/check',
    auth: 'admin',
  },
  {
    name: 'GetContract',
    entry: 'functions/get-contract.ts',
    method: 'GET',
    path: '/contracts/{id}',
    auth: 'admin',
  },
];

routes.push(
  {
    name: 'ChangeContract',
    entry: 'functions/change-contract.ts',
    method: 'POST',
    path: '/contracts/{id}/changes',
    auth: 'admin',
    sendsEmail: true,
  },
  {
    name: 'TerminateContract',
    entry: 'functions/terminate-contract.ts',
    method: 'POST',
    path: '/contracts/{id}/termination',
    auth: 'admin',
    sendsEmail: true,
  },
  {
    name: 'CancelContract',
    entry: 'functions/cancel-contract.ts',
    method: 'POST',
    path: '/contracts/{id}/cancellation',
    auth: 'admin',
    sendsEmail: true,
  },
  {
    name: 'RequestExtraCare',
    entry: 'functions/request-extra-care.ts',
    method: 'POST',
    path: '/contracts/{id}/extra-care',
    auth: 'admin',
    sendsEmail: true,
  },
  {
    name: 'RequestSwapDay',
    entry: 'functions/request-swap-day.ts',
    method: 'POST',
    path: '/contracts/{id}/swap-days',
    auth: 'admin',
    sendsEmail: true,
  },
  {
    name: 'BookCare',
    entry: 'functions/book-care.ts',
    method: 'POST',
    path: '/contracts/{id}/bookings',
    auth: 'admin',
    sendsEmail: true,
  },
  {
    name: 'GetBookings',
    entry: 'functions/get-bookings.ts',
    method: 'GET',
    path: '/contracts/{id}/bookings',
    auth: 'admin',
  },
  {
    name: 'CancelBooking',
    entry: 'functions/cancel-booking.ts',
    method: 'POST',
    path: '/contracts/{id}/bookings/{date}/cancellation',
    auth: 'admin',
    sendsEmail: true,
  },
  {
    name: 'RequestInvoiceRun',
    entry: 'functions/request-invoice-run.ts',
    method: 'POST',
    path: '/invoice-runs',
    auth: 'admin',
    startsWorkflows: ['invoice-run'],
  },
  {
    name: 'GetInvoiceRun',
    entry: 'functions/get-invoice-run.ts',
    // Issue 13: the month's SEPA batch files, to download.
    readsExports: true,
    method: 'GET',
    path: '/invoice-runs/{month}',
    auth: 'admin',
  },
  {
    name: 'AddTariff',
    entry: 'functions/add-tariff.ts',
    method: 'POST',
    path: '/tariffs',
    auth: 'admin',
  },
  { name: 'GetTariffs', entry: 'functions/get-tariffs.ts', method: 'GET', path: '/tariffs', auth: 'admin' },
  { name: 'ListTasks', entry: 'functions/list-tasks.ts', method: 'GET', path: '/tasks', auth: 'admin' },
  {
    name: 'CompleteTask',
    entry: 'functions/complete-task.ts',
    method: 'POST',
    path: '/tasks/{task}/done',
    auth: 'admin',
  },
  {
    name: 'WithdrawTariff',
    entry: 'functions/withdraw-tariff.ts',
    method: 'POST',
    path: '/tariffs/{from}/withdrawal',
    auth: 'admin',
  },
  {
    name: 'PreviewInvoiceRun',
    entry: 'functions/preview-invoice-run.ts',
    method: 'GET',
    path: '/invoice-runs/{month}/preview',
    auth: 'admin',
  },
);

// Issue 9: payments in: each parent's account, payments by hand, bank files and their review list.
routes.push(
  {
    name: 'GetAccount',
    entry: 'functions/payments/get-account.ts',
    method: 'GET',
    path: '/parents/{id}/account',
    auth: 'admin',
  },
  {
    name: 'RecordPayment',
    entry: 'functions/payments/record-payment.ts',
    method: 'POST',
    path: '/payments',
    auth: 'admin',
  },
  {
    name: 'ImportBankFile',
    entry: 'functions/payments/import-bank-file.ts',
    method: 'POST',
    path: '/bank-files',
    auth: 'admin',
    timeoutSeconds: 300,
    memoryMB: 1024,
  },
  {
    name: 'ListBankEntries',
    entry: 'functions/payments/list-bank-entries.ts',
    method: 'GET',
    path: '/bank-entries',
    auth: 'admin',
  },
  {
    name: 'MatchBankEntry',
    entry: 'functions/payments/match-bank-entry.ts',
    method: 'POST',
    path: '/bank-entries/{id}/match',
    auth: 'admin',
  },
);

// Issue 10 item 3: the day's letters (DUN-3, DUN-8) as one PDF to print; a day without any is 200 with
// JSON `{date, letters: []}` (see the handler).
routes.push({
  name: 'GetLetters',
  entry: 'functions/dunning/get-letters.ts',
  method: 'GET',
  path: '/letters',
  auth: 'admin',
  readsExports: true,
  exportFolders: ['letters'],
  makesPdfs: true,
  memoryMB: 1024,
});

// KLA-1: the website's complaint form, a signed webhook per form provider (no admin key: the handler
// verifies the provider's signature before anything is stored).
routes.push({
  name: 'ReceiveComplaint',
  entry: 'functions/complaints/receive-complaint.ts',
  method: 'POST',
  path: '/webhooks/complaints/{provider}',
  auth: 'signature',
  readsWebhookSecrets: true,
});

// KLA-4, KLA-8, DUN-11: the complaint's answer, its external stages and the invoice it is about; the
// list with deadlines and events.
routes.push(
  {
    name: 'AnswerComplaint',
    entry: 'functions/complaints/answer-complaint.ts',
    method: 'POST',
    path: '/complaints/{id}/answer',
    auth: 'admin',
    respondsToTasks: ['complaint'],
  },
  {
    name: 'RecordComplaintStage',
    entry: 'functions/complaints/record-complaint-stage.ts',
    method: 'POST',
    path: '/complaints/{id}/stages',
    auth: 'admin',
    respondsToTasks: ['complaint', 'dunning'],
  },
  {
    name: 'LinkComplaintInvoice',
    entry: 'functions/complaints/link-complaint-invoice.ts',
    method: 'POST',
    path: '/complaints/{id}/invoice',
    auth: 'admin',
    respondsToTasks: ['dunning'],
  },
  {
    name: 'ListComplaints',
    entry: 'functions/complaints/list-complaints.ts',
    method: 'GET',
    path: '/complaints',
    auth: 'admin',
  },
  // KLA-9: the annual complaints report (JSON, CSV or PDF). Before `/complaints/{id}`: API Gateway
  // prefers the literal path anyway, the local server takes the first route that matches.
  {
    name: 'GetComplaintsReport',
    entry: 'functions/complaints/get-complaints-report.ts',
    method: 'GET',
    path: '/complaints/report',
    auth: 'admin',
    makesPdfs: true,
    memoryMB: 1024,
  },
  {
    name: 'GetComplaint',
    entry: 'functions/complaints/list-complaints.ts',
    method: 'GET',
    path: '/complaints/{id}',
    auth: 'admin',
  },
);

// INV-8: the annual statements: a page of parents issued by hand (`opvang annual-statements --year`), and
// the year's list with each statement issued or withheld.
routes.push(
  {
    name: 'IssueAnnualStatements',
    entry: 'functions/statements/issue-annual-statements.ts',
    method: 'POST',
    path: '/annual-statements',
    auth: 'admin',
    sendsEmail: true,
    makesPdfs: true,
    usesBsnKey: true,
    memoryMB: 1024,
  },
  {
    name: 'ListAnnualStatements',
    entry: 'functions/statements/list-annual-statements.ts',
    method: 'GET',
    path: '/annual-statements',
    auth: 'admin',
  },
);

// Issue 10: payment plans (DUN-9) and disputes (DUN-11) pause a parent's or an invoice's dunning at once.
routes.push(
  {
    name: 'AgreePaymentPlan',
    entry: 'functions/dunning/agree-payment-plan.ts',
    method: 'POST',
    path: '/parents/{id}/payment-plan',
    auth: 'admin',
    sendsEmail: true,
    respondsToTasks: ['dunning'],
  },
  {
    name: 'DisputeInvoice',
    entry: 'functions/dunning/dispute-invoice.ts',
    method: 'POST',
    path: '/invoices/{number}/dispute',
    auth: 'admin',
    respondsToTasks: ['dunning'],
  },
  {
    name: 'ResolveDispute',
    entry: 'functions/dunning/dispute-invoice.ts',
    method: 'POST',
    path: '/invoices/{number}/dispute/resolved',
    auth: 'admin',
    respondsToTasks: ['dunning'],
  },
);

/** Functions started by a schedule: EventBridge Scheduler in AWS, the runtime's scheduler locally. */
export interface ScheduleSpec extends FunctionSpec {
  /** Local time of day (Europe/Amsterdam) at which it runs every day. */
  dailyAt: string;
}

/**
 * Issue 13: each role allowed only what its work needs. Finance: invoicing, payments, arrears, statements;
 * location managers: their location's offers, contracts and complaints (the handlers keep them to it) and
 * never an account or a bank entry (IBANs); management: complaints, the annual report, tariffs.
 */
const F = 'finance';
const L = 'location-manager';
const M = 'management';
export const staffRoles: Record<string, readonly StaffRole[]> = {
  CreateOffer: [L],
  GetOffer: [L, F, M],
  ListOffers: [L, F, M],
  AcceptOffer: [L],
  PutParent: [F],
  ImportContract: [F],
  ListContracts: [F, L, M],
  GetContract: [F, L, M],
  ChangeContract: [L],
  TerminateContract: [L, F],
  CancelContract: [L],
  RequestExtraCare: [L],
  RequestSwapDay: [L],
  BookCare: [L],
  GetBookings: [L, F],
  CancelBooking: [L],
  RequestInvoiceRun: [F],
  GetInvoiceRun: [F, M],
  PreviewInvoiceRun: [F],
  ListInvoices: [F],
  ListDunningCases: [F],
  GetPolicyCheck: [F, M],
  AddTariff: [F, M],
  GetTariffs: [F, L, M],
  WithdrawTariff: [F, M],
  ListTasks: [F, L, M],
  CompleteTask: [F, L, M],
  GetAccount: [F],
  RecordPayment: [F],
  ImportBankFile: [F],
  ListBankEntries: [F],
  MatchBankEntry: [F],
  GetLetters: [F],
  AgreePaymentPlan: [F],
  DisputeInvoice: [F],
  ResolveDispute: [F],
  IssueAnnualStatements: [F],
  ListAnnualStatements: [F],
  ListComplaints: [L, F, M],
  GetComplaint: [L, F, M],
  AnswerComplaint: [L, F, M],
  RecordComplaintStage: [L, M],
  LinkComplaintInvoice: [L, F],
  GetComplaintsReport: [M],
};
for (const route of routes) if (route.auth === 'admin') route.roles = staffRoles[route.name] ?? [];

export const schedules: ScheduleSpec[] = [
  {
    // INV-5: starts the runs whose date has come (catching up a missed day), and bills late contracts on
    // the next working day, writing their SEPA batch (issue 8 items 2 and 5).
    name: 'ScheduledInvoiceRun',
    entry: 'functions/scheduled-invoice-run.ts',
    dailyAt: '06:00',
    startsWorkflows: ['invoice-run'],
    writesExports: true,
    timeoutSeconds: 300,
  },
  {
    // INV-6, DUN-1: books the collections of each batch sent on its debit date, and finds unpaid the
    // invoices whose due date ended without full payment (issue 9 item 3).
    name: 'SettleDueInvoices',
    entry: 'functions/payments/settle-due-invoices.ts',
    dailyAt: '00:30',
    readsExports: true,
    timeoutSeconds: 300,
  },
  {
    // INV-8: on the policy's day in January, the statements of the year before.
    name: 'ScheduledAnnualStatements',
    entry: 'functions/statements/scheduled-annual-statements.ts',
    dailyAt: '07:00',
    sendsEmail: true,
    makesPdfs: true,
    usesBsnKey: true,
    timeoutSeconds: 900,
    memoryMB: 1024,
  },
  {
    name: 'EndContracts',
    entry: 'functions/end-contracts.ts',
    dailyAt: '00:15',
    sendsEmail: true,
    timeoutSeconds: 300,
  },
];

export const authorizer: FunctionSpec = { name: 'AdminAuthorizer', entry: 'functions/api-authorizer.ts' };

export const streamHandler: FunctionSpec = {
  name: 'ProcessTableStream',
  entry: 'functions/process-table-stream.ts',
  startsWorkflows: ['offer', 'price-change', 'dunning', 'complaint'],
  // Issue 10: a payment wakes the waiting dunning case of its invoice at once.
  respondsToTasks: ['dunning'],
  sendsEmail: true,
  // INV-8: statements withheld for arrears are issued when the arrears are paid.
  usesBsnKey: true,
};

/** AWS only: the stream's on-failure queue, each batch given up on turned into a staff task. */
export const streamFailureHandler: FunctionSpec = {
  name: 'RecordStreamFailure',
  entry: 'functions/record-stream-failure.ts',
};

export interface WorkflowSpec {
  /** Short name: the state machine is `opvang-<name>` and its file `workflows/<name>.asl.json`. */
  name: string;
  file: string;
  /** The environment variable through which handlers find this state machine's ARN. */
  arnVariable: string;
  steps: FunctionSpec[];
}

export const workflows: WorkflowSpec[] = [
  {
    name: 'offer',
    file: 'workflows/offer.asl.json',
    arnVariable: 'OFFER_STATE_MACHINE_ARN',
    steps: [
      { name: 'SendOffer', entry: 'functions/send-offer.ts', sendsEmail: true },
      {
        name: 'AwaitOfferAcceptance',
        entry: 'functions/await-offer-acceptance.ts',
        respondsToTasks: ['offer'],
      },
      { name: 'LapseOffer', entry: 'functions/lapse-offer.ts', sendsEmail: true },
      { name: 'CreateContract', entry: 'functions/create-contract.ts' },
      {
        name: 'SendContractConfirmation',
        entry: 'functions/send-contract-confirmation.ts',
        sendsEmail: true,
      },
    ],
  },
  {
    name: 'invoice-run',
    file: 'workflows/invoice-run.asl.json',
    arnVariable: 'INVOICE_RUN_STATE_MACHINE_ARN',
    steps: [
      { name: 'StartInvoiceRun', entry: 'functions/start-invoice-run.ts' },
      { name: 'IssueInvoicePage', entry: 'functions/issue-invoice-page.ts', timeoutSeconds: 300 },
      {
        name: 'ExportSepa',
        entry: 'functions/export-sepa.ts',
        writesExports: true,
        timeoutSeconds: 300,
        memoryMB: 2048,
      },
      { name: 'FinishInvoiceRun', entry: 'functions/finish-invoice-run.ts' },
      // Issue 8 item 5: a step that failed for good records the run as failed, with its reason.
      { name: 'FailInvoiceRun', entry: 'functions/fail-invoice-run.ts' },
    ],
  },
  {
    // DUN-1..4: one execution per unpaid invoice (issue 10).
    name: 'dunning',
    file: 'workflows/dunning.asl.json',
    arnVariable: 'DUNNING_STATE_MACHINE_ARN',
    steps: [
      {
        name: 'AdvanceDunning',
        entry: 'functions/dunning/advance-dunning.ts',
        sendsEmail: true,
        // DUN-3: the second reminder's letter, a PDF in the exports store.
        writesExports: true,
        exportFolders: ['letters', 'claims'],
        makesPdfs: true,
        timeoutSeconds: 120,
      },
      {
        name: 'AwaitDunningChange',
        entry: 'functions/dunning/await-dunning-change.ts',
        respondsToTasks: ['dunning'],
      },
      // A step that failed for good becomes a staff task (failures are visible, never only a console's).
      { name: 'FailDunning', entry: 'functions/dunning/fail-dunning.ts' },
    ],
  },
  {
    // KLA-2..7: one execution per complaint (issue 11).
    name: 'complaint',
    file: 'workflows/complaint.asl.json',
    arnVariable: 'COMPLAINT_STATE_MACHINE_ARN',
    steps: [
      {
        name: 'AdvanceComplaint',
        entry: 'functions/complaints/advance-complaint.ts',
        sendsEmail: true,
        // DUN-11: a complaint about an invoice wakes the invoice's waiting dunning case.
        respondsToTasks: ['dunning'],
      },
      {
        name: 'AwaitComplaintChange',
        entry: 'functions/complaints/await-complaint-change.ts',
        respondsToTasks: ['complaint'],
      },
      { name: 'FailComplaint', entry: 'functions/complaints/fail-complaint.ts' },
    ],
  },
  {
    name: 'price-change',
    file: 'workflows/price-change.asl.json',
    arnVariable: 'PRICE_CHANGE_STATE_MACHINE_ARN',
    steps: [
      {
        name: 'AnnouncePriceChange',
        entry: 'functions/announce-price-change.ts',
        sendsEmail: true,
        timeoutSeconds: 300,
      },
    ],
  },
];
