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
