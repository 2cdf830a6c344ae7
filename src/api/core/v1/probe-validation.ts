/** @module Probe and lifecycle handler validation (upstream `validateProbe`, `validateHandler`). */
import type * as k from 'kubernetes-types/core/v1.js';
import { type FieldError, field } from '../../meta/field-error.ts';
import {
  isValidPortName,
  isValidPortNum,
  validateNonnegativeField,
} from '../../meta/validation.ts';
import type { Probe } from './types.ts';

function validatePortNumOrName(port: number | string, path: string): FieldError[] {
  if (typeof port === 'number')
    return isValidPortNum(port).map((m) => field.invalid(path, port, m));
  return isValidPortName(port).map((m) => field.invalid(path, port, m));
}

interface Handler {
  exec?: k.ExecAction | undefined;
  httpGet?: k.HTTPGetAction | undefined;
  tcpSocket?: k.TCPSocketAction | undefined;
  grpc?: k.GRPCAction | undefined;
  sleep?: k.SleepAction | undefined;
}

/** validateHandler requires exactly one handler type (exec, httpGet, tcpSocket, grpc or sleep). */
export function validateHandler(
  h: Handler,
  path: string,
  gracePeriod: number | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  const one = (name: string, check: () => FieldError[]): void => {
    if (n > 0)
      errs.push(field.forbidden(`${path}.${name}`, 'may not specify more than 1 handler type'));
    else {
      n++;
      errs.push(...check());
    }
  };
  if (h.exec)
    one('exec', () =>
      (h.exec?.command?.length ?? 0) === 0 ? [field.required(`${path}.exec.command`)] : [],
    );
  const http = h.httpGet;
  if (http) {
    one('httpGet', () => [
      ...(http.path ? [] : [field.required(`${path}.httpGet.path`)]),
      ...validatePortNumOrName(http.port, `${path}.httpGet.port`),
      ...(['HTTP', 'HTTPS'].includes(http.scheme ?? '')
        ? []
        : [field.notSupported(`${path}.httpGet.scheme`, http.scheme ?? '', ['HTTP', 'HTTPS'])]),
    ]);
  }
  const tcp = h.tcpSocket;
  if (tcp) one('tcpSocket', () => validatePortNumOrName(tcp.port, `${path}.tcpSocket.port`));
  const grpc = h.grpc;
  if (grpc)
    one('grpc', () =>
      isValidPortNum(grpc.port).map((m) => field.invalid(`${path}.grpc.port`, grpc.port, m)),
    );
  const sleep = h.sleep;
  if (sleep) {
    one('sleep', () =>
      sleep.seconds <= 0 || (gracePeriod !== undefined && sleep.seconds > gracePeriod)
        ? [
            field.invalid(
              `${path}.sleep.seconds`,
              sleep.seconds,
              `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod ?? 30})`,
            ),
          ]
        : [],
    );
  }
  if (n === 0) errs.push(field.required(path, 'must specify a handler type'));
  return errs;
}

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

export function validateProbe(
  p: Probe | undefined,
  kind: ProbeKind,
  path: string,
  grace: number | undefined,
): FieldError[] {
  if (!p) return [];
  const errs = validateHandler(p, path, grace);
  for (const key of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ] as const) {
    errs.push(...validateNonnegativeField(p[key], `${path}.${key}`));
  }
  if (p.terminationGracePeriodSeconds !== undefined) {
    if (kind === 'readiness')
      errs.push(
        field.invalid(
          `${path}.terminationGracePeriodSeconds`,
          p.terminationGracePeriodSeconds,
          'must not be set for readinessProbes',
        ),
      );
    else if (p.terminationGracePeriodSeconds <= 0)
      errs.push(
        field.invalid(
          `${path}.terminationGracePeriodSeconds`,
          p.terminationGracePeriodSeconds,
          'must be greater than 0',
        ),
      );
  }
  if (kind !== 'readiness' && p.successThreshold !== undefined && p.successThreshold !== 1) {
    errs.push(field.invalid(`${path}.successThreshold`, p.successThreshold, 'must be 1'));
  }
  return errs;
}
