package dev.berth.gateway.http.hijack;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sits right after the HTTP codec (and the API version handler) and claims the requests Micronaut's
 * controllers cannot answer: attach, which takes over the connection, and wait, whose head must go
 * out before its body exists. Everything else passes on to Micronaut untouched.
 */
public final class StreamingRouteHandler extends ChannelInboundHandlerAdapter {
    private static final Pattern ATTACH = Pattern.compile("^/containers/([^/]+)/attach$");
    private static final Pattern WAIT = Pattern.compile("^/containers/([^/]+)/wait$");
    private static final Pattern EXEC_START = Pattern.compile("^/exec/([^/]+)/start$");
    private static final int MAX_EXEC_BODY = 64 * 1024;

    private final ContainerStreamRoutes routes;
    /** Set once the connection is hijacked: from then on every byte belongs to it. */
    private HijackedStream hijacked;
    /** True while the rest of a claimed request (its body) is being discarded. */
    private boolean discarding;
    /** An exec start whose JSON body is still arriving: it decides between hijacking and a plain answer. */
    private HttpRequest execStart;
    private String execId;
    private io.netty.buffer.CompositeByteBuf execBody;

    public StreamingRouteHandler(ContainerStreamRoutes routes) {
        this.routes = routes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (hijacked != null) {
            if (msg instanceof ByteBuf buf) {
                hijacked.input(buf);
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (execStart != null && msg instanceof HttpContent content) {
            if (execBody.readableBytes() + content.content().readableBytes() > MAX_EXEC_BODY) {
                content.release();
                execBody.release();
                execStart = null;
                dev.berth.gateway.http.NettyResponses.rawJsonErrorAndClose(ctx, 413, "exec start body too large");
                return;
            }
            execBody.addComponent(true, content.content().retain());
            boolean last = content instanceof LastHttpContent;
            content.release();
            if (last) {
                dispatchExecStart(ctx);
            }
            return;
        }
        if (msg instanceof HttpRequest request && request.method().equals(HttpMethod.POST)) {
            String path = request.uri().split("\\?", 2)[0];
            Matcher exec = EXEC_START.matcher(path);
            if (exec.matches()) {
                execStart = request;
                execId = decode(exec.group(1));
                execBody = ctx.alloc().compositeBuffer();
                if (msg instanceof HttpContent content) {
                    execBody.addComponent(true, content.content().retain());
                }
                boolean last = msg instanceof LastHttpContent;
                ReferenceCountUtil.release(msg);
                if (last) {
                    dispatchExecStart(ctx);
                }
                return;
            }
            Matcher attach = ATTACH.matcher(path);
            if (attach.matches()) {
                ReferenceCountUtil.release(msg);
                hijack(ctx);
                routes.attach(ctx, hijacked, decode(attach.group(1)), request);
                return;
            }
            Matcher wait = WAIT.matcher(path);
            if (wait.matches()) {
                ReferenceCountUtil.release(msg);
                discarding = !(msg instanceof LastHttpContent);
                routes.waitFor(ctx, decode(wait.group(1)), request);
                return;
            }
        }
        if (discarding && msg instanceof HttpContent content) {
            discarding = !(content instanceof LastHttpContent);
            content.release();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** The whole exec start request is here: detached ones are answered plainly, attached ones hijack. */
    private void dispatchExecStart(ChannelHandlerContext ctx) {
        HttpRequest request = execStart;
        String body = execBody.toString(java.nio.charset.StandardCharsets.UTF_8);
        execBody.release();
        execStart = null;
        boolean detach;
        try {
            com.fasterxml.jackson.databind.JsonNode tree = dev.berth.gateway.http.Json.parse(body.isBlank() ? "{}" : body);
            detach = tree.path("Detach").asBoolean(false);
        } catch (dev.berth.gateway.api.DockerApiException e) {
            ctx.writeAndFlush(dev.berth.gateway.http.NettyResponses.jsonError(400, e.getMessage(), false))
                    .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            return;
        }
        if (detach) {
            routes.execStartDetached(ctx, execId);
            return;
        }
        hijack(ctx);
        routes.execStart(ctx, hijacked, execId, request);
    }

    /**
     * Takes the connection away from HTTP: the codec goes at once, so bytes that follow the request
     * (stdin) reach this handler raw; reading pauses until the attachment is open.
     */
    private void hijack(ChannelHandlerContext ctx) {
        hijacked = new HijackedStream(ctx);
        ctx.channel().config().setAutoRead(false);
        ChannelHandler codec = ctx.pipeline().get(HttpServerCodec.class);
        if (codec != null) {
            ctx.pipeline().remove(codec);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (hijacked != null && (evt instanceof ChannelInputShutdownEvent || evt instanceof ChannelInputShutdownReadComplete)) {
            if (evt instanceof ChannelInputShutdownEvent) {
                hijacked.inputEnded();
            }
            return;
        }
        if (hijacked == null && evt instanceof ChannelInputShutdownEvent) {
            // Half-closure is allowed for the sake of attach; on any other connection the end of
            // the client's input means it is gone, and an open channel would be leaked.
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (hijacked != null) {
            hijacked.connectionClosed();
        }
        ctx.fireChannelInactive();
    }

    private static String decode(String segment) {
        return java.net.URLDecoder.decode(segment, java.nio.charset.StandardCharsets.UTF_8);
    }
}
