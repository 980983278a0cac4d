package dev.berth.gateway.http;

import dev.berth.gateway.BerthVersion;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strips Docker's "/v{major}.{minor}" prefix before routing, so every route answers both
 * versioned and unversioned. Versions above {@value BerthVersion#API_VERSION} get Docker's 400;
 * lower ones are served as {@value BerthVersion#API_VERSION}, as Docker serves them.
 */
public final class ApiVersionHandler extends ChannelInboundHandlerAdapter {
    private static final Pattern VERSIONED = Pattern.compile("^/v(\\d+)\\.(\\d+)(/.*)?$");

    /** True while the body of a rejected request is being discarded. */
    private boolean discarding;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            discarding = false;
            String uri = request.uri();
            int query = uri.indexOf('?');
            String path = query < 0 ? uri : uri.substring(0, query);
            String cleaned = cleanedDotSegments(path);
            if (cleaned != null) {
                // as Docker's router (gorilla/mux) answers a path with . or .. segments, e.g. the docker CLI's
                // GET /v1.41/images/../../etc/passwd/json: 301 to the cleaned path, which is then no route (404)
                discarding = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                io.netty.handler.codec.http.DefaultFullHttpResponse moved = new io.netty.handler.codec.http.DefaultFullHttpResponse(
                        io.netty.handler.codec.http.HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpResponseStatus.MOVED_PERMANENTLY);
                moved.headers().set("Location", query < 0 ? cleaned : cleaned + uri.substring(query));
                moved.headers().set("Content-Length", 0);
                if (!HttpUtil.isKeepAlive(request)) {
                    moved.headers().set("Connection", "close");
                }
                var written = ctx.writeAndFlush(moved);
                if (!HttpUtil.isKeepAlive(request)) {
                    written.addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                }
                return;
            }
            Matcher matcher = VERSIONED.matcher(path);
            if (matcher.matches()) {
                if (tooNew(matcher.group(1), matcher.group(2))) {
                    String version = matcher.group(1) + "." + matcher.group(2);
                    discarding = !(msg instanceof LastHttpContent);
                    ReferenceCountUtil.release(msg);
                    ctx.writeAndFlush(NettyResponses.jsonError(400, "client version " + version
                            + " is too new. Maximum supported API version is " + BerthVersion.API_VERSION,
                            HttpUtil.isKeepAlive(request)));
                    return;
                }
                String rest = matcher.group(3) == null ? "/" : matcher.group(3);
                request.setUri(query < 0 ? rest : rest + uri.substring(query));
            }
            ctx.fireChannelRead(msg);
            return;
        }
        if (discarding && msg instanceof HttpContent content) {
            discarding = !(content instanceof LastHttpContent);
            content.release();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * The path as Go's path.Clean makes it (trailing slash kept, as mux keeps it) when its decoded form
     * has a "." or ".." segment; null when it has none, so nothing else about a path is changed.
     */
    static String cleanedDotSegments(String rawPath) {
        String path;
        try {
            path = java.net.URLDecoder.decode(rawPath.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String[] segments = path.split("/", -1);
        boolean dots = false;
        for (String segment : segments) {
            dots |= segment.equals(".") || segment.equals("..");
        }
        if (!dots) {
            return null;
        }
        java.util.ArrayDeque<String> kept = new java.util.ArrayDeque<>();
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                kept.pollLast();
            } else {
                kept.addLast(segment);
            }
        }
        String cleaned = "/" + String.join("/", kept);
        cleaned = path.endsWith("/") && !cleaned.equals("/") ? cleaned + "/" : cleaned;
        try {
            return new java.net.URI(null, null, cleaned, null).getRawPath(); // encoded again for the Location header
        } catch (java.net.URISyntaxException e) {
            return "/";
        }
    }

    private static boolean tooNew(String major, String minor) {
        try {
            int ma = Integer.parseInt(major);
            int mi = Integer.parseInt(minor);
            return ma > BerthVersion.API_MAJOR || (ma == BerthVersion.API_MAJOR && mi > BerthVersion.API_MINOR);
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
