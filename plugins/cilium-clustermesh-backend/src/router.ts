import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';

export interface RouterOptions {
  httpAuth: HttpAuthService;
}

export async function createRouter({
  httpAuth,
}: RouterOptions): Promise<express.Router> {
  const router = Router();
  router.use(express.json());

  // Behind the default auth policy: only Backstage users and services learn
  // that this plugin is installed and answering.
  router.get('/health', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ status: 'ok' });
  });

  return router;
}
