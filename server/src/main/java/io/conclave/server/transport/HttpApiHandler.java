package io.conclave.server.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conclave.server.ds.ExternalSenderKey;
import io.conclave.server.ds.GroupState;
import io.conclave.server.meeting.MeetingService;
import io.conclave.server.store.MeetingStore;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP API (docs/PROTOCOL.md, "HTTP API"), the health endpoint, and the web client's static
 * files (metrics have their own listener: {@link io.conclave.server.metrics.MetricsListener}). Every
 * request first records its client ({@link ClientInfo}, through {@link ForwardedHeaders}). WebSocket upgrade requests on {@link #WEBSOCKET_PATH} pass on to the WebSocket
 * handshake handler. Runs on the delivery-service executor: meeting creation writes to the store.
 */
final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  static final String WEBSOCKET_PATH = "/ws";
  private static final String MEETINGS = "/api/meetings";

  private final MeetingService meetings;
  private final MeetingStore store;
  private final ExternalSenderKey serverKey;
  private final StaticFiles files;
  private final boolean tls;
  private final ForwardedHeaders forwarded;
  private final OriginPolicy origins;
  private final CreationGuard creation;
  private static final ObjectMapper JSON = new ObjectMapper();

  HttpApiHandler(MeetingService meetings, MeetingStore store, ExternalSenderKey serverKey, StaticFiles files,
      boolean tls, ForwardedHeaders forwarded, OriginPolicy origins, CreationGuard creation) {
    super(false);
    this.creation = creation;
    this.tls = tls;
    this.forwarded = forwarded;
    this.origins = origins;
    this.meetings = meetings;
    this.store = store;
    this.serverKey = serverKey;
    this.files = files;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String path = new QueryStringDecoder(request.uri()).path();
    ClientInfo client = forwarded.resolve(
        ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null, tls, request.headers());
    ctx.channel().attr(ClientInfo.KEY).set(client);
    String origin = request.headers().get(HttpHeaderNames.ORIGIN);
    String host = request.headers().get(HttpHeaderNames.HOST);
    // Web pages of other origins may open the socket and call the API only if allowed (OriginPolicy).
    boolean guarded = path.equals(WEBSOCKET_PATH) || path.startsWith("/api/");
    boolean allowed = !guarded || origins.allows(origin, host, tls);
    if (path.equals(WEBSOCKET_PATH) && allowed) {
      ctx.fireChannelRead(request);
      return;
    }
    try {
      FullHttpResponse response = !allowed ? error(HttpResponseStatus.FORBIDDEN, "origin_not_allowed", "this relay does not accept clients from " + origin)
          : guarded && request.method().equals(HttpMethod.OPTIONS) ? preflight()
          : route(ctx, request, path);
      if (allowed && guarded && origin != null && !OriginPolicy.isSameOrigin(origin, host, tls)) {
        response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        response.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
      }
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      HttpUtil.setKeepAlive(response, keepAlive);
      HttpUtil.setContentLength(response, response.content().readableBytes());
      SecurityHeaders.set(response.headers(), request.headers().get(HttpHeaderNames.HOST), client.secure());
      var future = ctx.writeAndFlush(response);
      if (!keepAlive) {
        future.addListener(ChannelFutureListener.CLOSE);
      }
    } finally {
      request.release();
    }
  }

  private FullHttpResponse route(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
    HttpMethod method = request.method();
    if (path.equals("/health")) {
      return requireGet(method) ? health() : notAllowed();
    }
    if (path.equals("/metrics")) {
      // Not the web client's page either: a scraper pointed here learns where the metrics went.
      return error(HttpResponseStatus.NOT_FOUND, "not_found",
          "metrics are served on the separate metrics listener (--metrics-host, --metrics-port)");
    }
    if (path.equals("/api/external-sender")) {
      return requireGet(method) ? json(HttpResponseStatus.OK, externalSender()) : notAllowed();
    }
    if (path.equals(MEETINGS)) {
      return method.equals(HttpMethod.POST) ? create(ctx, request) : notAllowed();
    }
    if (path.startsWith(MEETINGS + "/")) {
      String[] parts = path.substring(MEETINGS.length() + 1).split("/", -1);
      String id = parts[0];
      if (parts.length == 1) {
        return requireGet(method) ? status(id) : notAllowed();
      }
      if (parts.length == 2 && parts[1].equals("close")) {
        return method.equals(HttpMethod.POST) ? close(id, request) : notAllowed();
      }
      if (parts.length == 2 && parts[1].equals("group-info")) {
        return requireGet(method) ? groupInfo(id, request) : notAllowed();
      }
      return error(HttpResponseStatus.NOT_FOUND, "not_found", "no such resource");
    }
    if (path.startsWith("/api/")) {
      return error(HttpResponseStatus.NOT_FOUND, "not_found", "no such resource");
    }
    if (!requireGet(method)) {
      return notAllowed();
    }
    return files.find(path)
        .map(f -> bytes(HttpResponseStatus.OK, f.content(), f.contentType()))
        .orElseGet(() -> error(HttpResponseStatus.NOT_FOUND, "not_found", "no such file"));
  }

  /** CORS preflight of an allowed origin: the API's methods and the host token's header. */
  private static FullHttpResponse preflight() {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
    r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST");
    r.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization");
    r.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
    return r;
  }

  private static boolean requireGet(HttpMethod method) {
    return method.equals(HttpMethod.GET);
  }

  private FullHttpResponse health() {
    boolean ok = store.isHealthy();
    return json(ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
        Map.of("status", ok ? "ok" : "unavailable"));
  }

  private Map<String, Object> externalSender() {
    Base64.Encoder b64 = Base64.getEncoder();
    Map<String, Object> sender = new LinkedHashMap<>();
    sender.put("cipherSuite", serverKey.cipherSuite());
    sender.put("index", ExternalSenderKey.SENDER_INDEX);
    sender.put("signatureKey", b64.encodeToString(serverKey.signatureKey()));
    sender.put("credential", b64.encodeToString(serverKey.credential()));
    sender.put("externalSender", b64.encodeToString(serverKey.externalSender()));
    return sender;
  }

  private FullHttpResponse create(ChannelHandlerContext ctx, FullHttpRequest request) {
    // The client's address as resolved from trusted proxies' forwarded headers (ForwardedHeaders).
    ClientInfo client = ctx.channel().attr(ClientInfo.KEY).get();
    InetAddress address = client != null && client.address() != null ? client.address()
        : ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : InetAddress.getLoopbackAddress();
    switch (creation.check(address, bearer(request))) {
      case CreationGuard.Verdict.Allowed ok -> { }
      case CreationGuard.Verdict.TokenRequired t -> {
        return error(HttpResponseStatus.UNAUTHORIZED, "creation_token_required",
            "this server requires a creation token: Authorization: Bearer <token>");
      }
      case CreationGuard.Verdict.BadToken t -> {
        return error(HttpResponseStatus.FORBIDDEN, "bad_creation_token", "wrong creation token");
      }
      case CreationGuard.Verdict.RateLimited r -> {
        FullHttpResponse response = error(HttpResponseStatus.TOO_MANY_REQUESTS, "too_many_requests",
            "too many meetings created from this address; try again later");
        response.headers().set(HttpHeaderNames.RETRY_AFTER, r.retryAfterSeconds());
        return response;
      }
    }
    MeetingService.Created created;
    try {
      created = meetings.create();
    } catch (MeetingService.LimitExceeded e) {
      return error(HttpResponseStatus.SERVICE_UNAVAILABLE, "too_many_meetings", e.getMessage());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("meetingId", created.meetingId());
    body.put("hostToken", created.hostToken());
    body.put("groupId", Base64.getEncoder().encodeToString(GroupState.groupIdOf(created.meetingId())));
    body.put("externalSender", externalSender());
    return json(HttpResponseStatus.CREATED, body);
  }

  private FullHttpResponse status(String id) {
    return meetings.status(id).map(s -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("meetingId", s.meetingId());
      body.put("open", s.open());
      body.put("epoch", s.epoch());
      body.put("participants", s.participants());
      body.put("connected", s.connected());
      body.put("members", s.members());
      body.put("online", s.online());
      return json(HttpResponseStatus.OK, body);
    }).orElseGet(() -> error(HttpResponseStatus.NOT_FOUND, "unknown_meeting", "no such meeting"));
  }

  /** The bearer token of the request, or null without an {@code Authorization: Bearer} header. */
  private static String bearer(FullHttpRequest request) {
    String auth = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    return auth == null || !auth.startsWith("Bearer ") ? null : auth.substring("Bearer ".length()).trim();
  }

  private static FullHttpResponse tokenRequired() {
    return error(HttpResponseStatus.UNAUTHORIZED, "host_token_required", "Authorization: Bearer <hostToken> required");
  }

  private FullHttpResponse close(String id, FullHttpRequest request) {
    String token = bearer(request);
    if (token == null) {
      return tokenRequired();
    }
    return switch (meetings.close(id, token)) {
      case CLOSED -> new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
      case UNKNOWN -> error(HttpResponseStatus.NOT_FOUND, "unknown_meeting", "no such meeting");
      case FORBIDDEN -> error(HttpResponseStatus.FORBIDDEN, "bad_host_token", "wrong host token");
    };
  }

  private FullHttpResponse groupInfo(String id, FullHttpRequest request) {
    String token = bearer(request);
    if (token == null) {
      return tokenRequired();
    }
    return switch (meetings.groupInfo(id, token)) {
      case MeetingService.GroupInfoResult.Found(MeetingService.GroupInfoSnapshot g) -> {
        FullHttpResponse r = bytes(HttpResponseStatus.OK, g.groupInfo(), "application/mls-message");
        r.headers().set("Conclave-Epoch", g.epoch());
        yield r;
      }
      case MeetingService.GroupInfoResult.NotFound n ->
          error(HttpResponseStatus.NOT_FOUND, "no_group_info", "no open meeting with a registered group");
      case MeetingService.GroupInfoResult.Forbidden f -> error(HttpResponseStatus.FORBIDDEN, "bad_host_token", "wrong host token");
    };
  }

  private static FullHttpResponse notAllowed() {
    return error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "method not allowed");
  }

  private static FullHttpResponse error(HttpResponseStatus status, String code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message);
    return json(status, body);
  }

  private static FullHttpResponse json(HttpResponseStatus status, Object body) {
    try {
      return bytes(status, JSON.writeValueAsBytes(body), "application/json");
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FullHttpResponse bytes(HttpResponseStatus status, byte[] body, String type) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    return r;
  }
}
