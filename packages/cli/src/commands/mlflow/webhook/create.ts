import { Flags } from '@oclif/core';
import { webhookSetup, type WebhookSetup } from '@modellake/connector-mlflow';
import { BaseCommand } from '../../../base-command.js';
import { mlflowCliError, mlflowParams } from '../../import/mlflow.js';

/** `modellake mlflow webhook create`: point MLflow's registry webhooks at the lake. */
export default class MlflowWebhookCreate extends BaseCommand<typeof MlflowWebhookCreate> {
  static summary = 'Create (or print) the MLflow webhook that sends registry events to the lake.';
  static description = 'With --register the webhook is created through MLflow\'s webhook API (MLflow 3.3+); otherwise, or when the server has no webhook API, the request is printed. The lake must run with the same secret: `modellake serve --mlflow-webhook-secret S --mlflow-tracking-uri URL`.';
  static examples = [
    '<%= config.bin %> mlflow webhook create --lake-url https://lake.example.com --secret $SECRET',
    '<%= config.bin %> mlflow webhook create --lake-url https://lake.example.com --secret $SECRET --register --tracking-uri http://mlflow:5000',
  ];
  static flags = {
    secret: Flags.string({ summary: 'Signing secret shared with the lake.', env: 'MODELLAKE_MLFLOW_WEBHOOK_SECRET', required: true }),
    name: Flags.string({ summary: 'Webhook name in MLflow.', default: 'modellake' }),
    register: Flags.boolean({ summary: 'Create it through the tracking server\'s webhook API.', default: false }),
    'tracking-uri': Flags.string({ summary: 'MLflow tracking server URL (needed with --register).', env: 'MLFLOW_TRACKING_URI', helpGroup: 'MLFLOW' }),
    'mlflow-token': Flags.string({ summary: 'Bearer token for the tracking server.', env: 'MLFLOW_TRACKING_TOKEN', helpGroup: 'MLFLOW' }),
    'mlflow-username': Flags.string({ summary: 'Basic-auth user.', env: 'MLFLOW_TRACKING_USERNAME', helpGroup: 'MLFLOW' }),
    'mlflow-password': Flags.string({ summary: 'Basic-auth password.', env: 'MLFLOW_TRACKING_PASSWORD', helpGroup: 'MLFLOW' }),
  };

  async run(): Promise<WebhookSetup> {
    const f = this.flags;
    const lakeUrl = f['lake-url'] ?? 'http://127.0.0.1:8470';
    if (f.register && !f['tracking-uri']) this.error('--register needs --tracking-uri (or MLFLOW_TRACKING_URI).', { exit: 2 });
    let setup: WebhookSetup;
    try {
      setup = await webhookSetup({
        lakeUrl,
        secret: f.secret,
        name: f.name,
        register: f.register,
        ...(f['tracking-uri'] ? { mlflow: mlflowParams({ ...f, 'tracking-uri': f['tracking-uri'] }) } : {}),
      });
    } catch (err) {
      throw mlflowCliError(err);
    }
    if (setup.registered) {
      this.log(`Created MLflow webhook ${setup.webhook?.webhook_id ?? ''} -> ${setup.request.url} (${setup.request.events.length} registry events).`);
    } else {
      if (setup.reason) this.log(`Not registered: ${setup.reason}`);
      const shown = { ...setup.request, secret: '<your secret>' };
      this.log(`Create this webhook in MLflow (POST ${f['tracking-uri'] ? f['tracking-uri'].replace(/\/+$/, '') : '<tracking uri>'}/api/2.0/mlflow/webhooks):\n${JSON.stringify(shown, null, 2)}`);
      this.log(`or in Python: mlflow.MlflowClient().create_webhook(name=${JSON.stringify(setup.request.name)}, url=${JSON.stringify(setup.request.url)}, events=[${setup.request.events.map((e) => `"${e.entity!.toLowerCase()}.${e.action!.toLowerCase()}"`).join(', ')}], secret="<your secret>")`);
    }
    return { ...setup, request: { ...setup.request, secret: '<redacted>' } };
  }
}
