import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import { AppError } from '../../shared/errors.js';
import type { ServerContext } from '../context.js';
import { loggableUrl } from '../logging.js';
import { currentUser, requireAuth } from './auth.js';
import { errorHandler, notFound, type RequestErrorLocals } from './errors.js';
import { securityHeaders } from './security.js';
import { viewerRoutes } from './viewer.js';
import { AgentBuilds, downloadRoutes } from './download.js';
import { companyRoutes, userRoutes } from './routes/admin.js';
import { auditRoutes } from './routes/audit.js';
import { agentRoutes } from './routes/agent.js';
import { authRoutes } from './routes/auth.js';
import { calendarRoutes } from './routes/calendar.js';
import { checkClipRoutes, checkRoutes } from './routes/check.js';
import { caseRoutes, queueRoutes } from './routes/cases.js';
import { caseDiagnosticsRoutes, casePlaybackCheckRoutes, caseSessionRoutes, sessionRoutes } from './routes/sessions.js';
import { caseReportRoutes } from './routes/reports.js';
import { outboxRoutes } from './routes/outbox.js';
import { statisticsRoutes } from './routes/statistics.js';

/** JSON is the only body the API takes, except the spreadsheet upload. */
const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasContent = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasContent && !req.is('application/json') && !req.path.startsWith('/cases/import')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
  next();
};

export function createHttpApp(ctx: ServerContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger: ctx.logger,
      genReqId: () => randomUUID(),
      // One line per request, with no headers, no body and no query values: those may carry
      // tokens and credentials.
      serializers: {
        req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, url: loggableUrl(req.url), remoteAddress: req.remoteAddress }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customProps: (_req, res) => {
        const locals = (res as express.Response).locals as RequestErrorLocals;
        return { userId: currentUser(res as express.Response, false)?.id, errorCode: locals.errorCode, errorFields: locals.errorFields };
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    }),
  );
  app.use(securityHeaders());
  app.use('/api', express.json({ limit: `${ctx.config.bodyLimitKb}kb` }), requireJsonBody);

  // Alive: the process answers (a supervisor's check).
  app.get('/api/health', (_req, res) => {
    res.json({ ok: true });
  });
  // Ready: store and Redis answer and no shutdown is under way (a load balancer's check).
  app.get('/api/ready', async (_req, res) => {
    const report = await ctx.readiness();
    res.status(report.ready ? 200 : 503).json(report);
  });
  app.use('/api/auth', authRoutes(ctx));
  const builds = new AgentBuilds(ctx.config.agentBuildsDir);
  app.use('/api/agent', agentRoutes(ctx, builds));
  app.use('/api/check', checkRoutes(ctx));
  const authed = requireAuth(ctx);
  app.use('/api/companies', authed, companyRoutes(ctx));
  app.use('/api/users', authed, userRoutes(ctx));
  app.use('/api/cases/:id/sessions', authed, caseSessionRoutes(ctx));
  app.use('/api/cases/:id/reports', authed, caseReportRoutes(ctx));
  app.use('/api/cases/:id/diagnostics', authed, caseDiagnosticsRoutes(ctx));
  app.use('/api/cases/:id/playback-checks', authed, casePlaybackCheckRoutes(ctx));
  app.use('/api/cases', authed, caseRoutes(ctx));
  app.use('/api/sessions', authed, sessionRoutes(ctx));
  app.use('/api/queue', authed, queueRoutes(ctx));
  app.use('/api/audit', authed, auditRoutes(ctx));
  app.use('/api/calendar', authed, calendarRoutes(ctx));
  app.use('/api/outbox', authed, outboxRoutes(ctx));
  app.use('/api/statistics', authed, statisticsRoutes(ctx));

  app.use(checkClipRoutes(ctx));
  app.use(downloadRoutes(builds));
  app.use(viewerRoutes());
  app.use(notFound);
  app.use(errorHandler(ctx));
  return app;
}
