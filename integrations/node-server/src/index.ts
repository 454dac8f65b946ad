/**
 * Protect routes with Palisade's access tokens (RFC 9068 JWTs), in Express
 * or any Fetch-style server. Verification uses Palisade's JWKS through
 * jose: cached, fetched again when a token names an unknown key, at most
 * once per cool-down (30 s), so a key rotation costs one fetch and forged
 * `kid`s cost none. `iss`, `aud`, `exp` (1 s leeway) and `typ: at+jwt` are
 * checked; the algorithm is the key's own. Optionally each token is checked
 * online (introspection, cached briefly), so a logout stops it at once.
 */
import { createHash } from "node:crypto";
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify } from "jose";
import type { JSONWebKeySet, JWSHeaderParameters, FlattenedJWSInput } from "jose";

/** The claims of a Palisade access token. */
export interface Claims {
  sub: string;
  iss: string;
  aud: string | string[];
  exp: number;
  iat: number;
  scope?: string;
  client_id?: string;
  sid?: string;
  jti?: string;
  roles?: string[];
  amr?: string[];
  [claim: string]: unknown;
}

export interface PalisadeOptions {
  /** Palisade's public URL (PALISADE_PUBLIC_URL): the tokens' `iss`. */
  issuer: string;
  /** PALISADE_ACCESS_TOKEN_AUDIENCE: the issuer unless set. */
  audience?: string;
  /** Check every token at /oauth2/introspect (needs clientId and clientSecret). */
  checkRevocation?: boolean;
  clientId?: string;
  clientSecret?: string;
  /** Seconds an introspection answer is kept (5). */
  revocationCache?: number;
  /** Your roles' permissions, for `require({ permission })`. */
  rolePermissions?: Record<string, string[]>;
  jwksUrl?: string;
  /** Seconds of clock leeway on `exp` (1). */
  leeway?: number;
  /** Seconds between JWKS fetches for unknown keys (30). */
  refetchCooldown?: number;
  /** Seconds a fetched key set is trusted before it is fetched again (600): a revoked key leaves it. */
  maxAge?: number;
  /** The fetch used for the JWKS and introspection (the global one). */
  fetch?: typeof fetch;
}

export interface Requirement {
  role?: string;
  scope?: string;
  permission?: string;
}

/** A refusal: the HTTP status and the `WWW-Authenticate` it is answered with. */
export class Refusal extends Error {
  constructor(
    readonly status: 401 | 403,
    readonly detail: string,
    readonly challenge?: string,
  ) {
    super(detail);
  }
}

const ALGORITHMS = ["ES256", "RS256", "EdDSA"];
const KEY_IN_HEADER = ["jwk", "jku", "x5u", "x5c"];
const quote = (text: string) => text.replace(/\\/g, "\\\\").replace(/"/g, '\\"');

function invalid(detail: string): Refusal {
  return new Refusal(401, detail, `Bearer error="invalid_token", error_description="${quote(detail)}"`);
}

// Minimal shapes of Express's request and response, so this package needs no Express types.
interface ExpressLikeRequest {
  headers: Record<string, string | string[] | undefined>;
  auth?: Claims;
}
interface ExpressLikeResponse {
  status(code: number): ExpressLikeResponse;
  setHeader(name: string, value: string): unknown;
  json(body: unknown): unknown;
}
type Next = (err?: unknown) => void;
export type Middleware = (req: ExpressLikeRequest, res: ExpressLikeResponse, next: Next) => void;

export class Palisade {
  readonly issuer: string;
  readonly audience: string;
  private keys: ReturnType<typeof createLocalJWKSet> | null = null;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private fetching: Promise<void> | null = null;
  /** How many times the key set was fetched. */
  jwksFetches = 0;
  private readonly active = new Map<string, { active: boolean; until: number }>();
  private readonly permissions: Map<string, Set<string>>;

  constructor(private readonly options: PalisadeOptions) {
    this.issuer = options.issuer.replace(/\/+$/, "");
    this.audience = options.audience ?? this.issuer;
    if (options.checkRevocation && !(options.clientId && options.clientSecret)) {
      throw new Error("checkRevocation needs clientId and clientSecret");
    }
    this.permissions = new Map(
      Object.entries(options.rolePermissions ?? {}).map(([role, p]) => [role, new Set(p)]),
    );
  }

  /** The token's claims, or a `Refusal` (401). */
  async verify(token: string): Promise<Claims> {
    let header;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw invalid("The access token is malformed");
    }
    if (!header.alg || !ALGORITHMS.includes(header.alg)) throw invalid("The algorithm is not accepted");
    if (KEY_IN_HEADER.some((name) => name in header)) throw invalid("The token names its own key");
    let payload;
    try {
      ({ payload } = await jwtVerify(token, (header, input) => this.key(header, input), {
        issuer: this.issuer,
        audience: this.audience,
        typ: "at+jwt",
        algorithms: ALGORITHMS,
        clockTolerance: this.options.leeway ?? 1,
        requiredClaims: ["exp", "iat", "sub"],
      }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw invalid("The access token expired");
      throw invalid("The access token is not valid");
    }
    if (this.options.checkRevocation && !(await this.activeOnline(token))) {
      throw invalid("The access token was revoked");
    }
    return payload as Claims;
  }

  /**
   * The key for `header`: from the held set while it is younger than
   * `maxAge`; else (an unknown kid, an old set) after one fetch, at most one
   * per cool-down, failed fetches included, so forged kids and a dead JWKS
   * cost nothing. A failed fetch keeps the keys held.
   */
  private async key(header: JWSHeaderParameters, input: FlattenedJWSInput) {
    const age = (Date.now() - this.fetchedAt) / 1000;
    if (this.keys && age < (this.options.maxAge ?? 600)) {
      try {
        return await this.keys(header, input);
      } catch (err) {
        if (!(err instanceof errors.JWKSNoMatchingKey)) throw err;
      }
    }
    if (age >= (this.options.refetchCooldown ?? 30)) {
      this.fetching ??= this.fetchKeys().finally(() => (this.fetching = null));
    }
    if (this.fetching) await this.fetching;
    if (!this.keys) throw new errors.JWKSNoMatchingKey();
    return this.keys(header, input);
  }

  private async fetchKeys(): Promise<void> {
    this.fetchedAt = Date.now();
    this.jwksFetches += 1;
    try {
      const answer = await (this.options.fetch ?? fetch)(this.options.jwksUrl ?? `${this.issuer}/.well-known/jwks.json`, {
        signal: AbortSignal.timeout(5000),
      });
      if (!answer.ok) return;
      this.keys = createLocalJWKSet((await answer.json()) as JSONWebKeySet);
    } catch {
      // Keep the keys held; the next fetch waits for the cool-down.
    }
  }

  /** The token's claims if they meet `requirement`, else a `Refusal` (401 or 403). */
  async authorize(authorization: string | undefined | null, requirement: Requirement = {}): Promise<Claims> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!match) throw new Refusal(401, "A Bearer access token is required", "Bearer");
    const claims = await this.verify(match[1]);
    const { role, scope, permission } = requirement;
    if (scope && !(claims.scope ?? "").split(" ").includes(scope)) {
      throw new Refusal(403, `The token lacks the scope ${scope}`, `Bearer error="insufficient_scope", scope="${quote(scope)}"`);
    }
    if (role && !(claims.roles ?? []).includes(role)) throw new Refusal(403, `The role ${role} is required`);
    if (permission && !this.permissionsOf(claims).has(permission)) {
      throw new Refusal(403, `The permission ${permission} is required`);
    }
    return claims;
  }

  permissionsOf(claims: Claims): Set<string> {
    const granted = new Set<string>();
    for (const role of claims.roles ?? []) for (const p of this.permissions.get(role) ?? []) granted.add(p);
    return granted;
  }

  /** Express middleware: `req.auth` holds the claims, or the request is answered 401/403. */
  require(requirement: Requirement = {}): Middleware {
    return (req, res, next) => {
      const header = req.headers.authorization;
      this.authorize(Array.isArray(header) ? header[0] : header, requirement).then(
        (claims) => {
          req.auth = claims;
          next();
        },
        (err) => {
          if (!(err instanceof Refusal)) return next(err);
          if (err.challenge) res.setHeader("WWW-Authenticate", err.challenge);
          res.setHeader("Content-Type", "application/problem+json");
          res.status(err.status).json(problem(err));
        },
      );
    };
  }

  /** Express middleware for any signed-in caller. */
  authenticate(): Middleware {
    return this.require({});
  }

  /**
   * Fetch-style servers (Hono, Next.js route handlers, Bun, Deno): the
   * claims, or the `Response` to answer with.
   */
  async check(request: Request, requirement: Requirement = {}): Promise<Claims | Response> {
    try {
      return await this.authorize(request.headers.get("authorization"), requirement);
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      const headers = new Headers({ "Content-Type": "application/problem+json" });
      if (err.challenge) headers.set("WWW-Authenticate", err.challenge);
      return new Response(JSON.stringify(problem(err)), { status: err.status, headers });
    }
  }

  private async activeOnline(token: string): Promise<boolean> {
    const digest = createHash("sha256").update(token).digest("hex");
    const now = Date.now();
    const known = this.active.get(digest);
    if (known && known.until > now) return known.active;
    let active: boolean;
    try {
      const basic = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString("base64");
      const answer = await (this.options.fetch ?? fetch)(`${this.issuer}/oauth2/introspect`, {
        method: "POST",
        headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token, token_type_hint: "access_token" }),
        signal: AbortSignal.timeout(5000),
      });
      if (!answer.ok) throw new Error(`introspection answered ${answer.status}`);
      active = Boolean(((await answer.json()) as { active?: unknown }).active);
    } catch {
      // Cannot tell: refuse rather than let a revoked token through.
      throw invalid("The access token could not be checked online");
    }
    if (this.active.size > 10_000) {
      for (const [key, value] of this.active) if (value.until <= now) this.active.delete(key);
    }
    this.active.set(digest, { active, until: now + (this.options.revocationCache ?? 5) * 1000 });
    return active;
  }
}

function problem(err: Refusal) {
  return {
    type: "about:blank",
    title: err.status === 401 ? "Unauthorized" : "Forbidden",
    status: err.status,
    detail: err.detail,
  };
}

/** `new Palisade(options)`. */
export function palisade(options: PalisadeOptions): Palisade {
  return new Palisade(options);
}
