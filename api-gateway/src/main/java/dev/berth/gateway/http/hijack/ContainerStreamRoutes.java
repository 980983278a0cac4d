package dev.berth.gateway.http.hijack;

import dev.berth.gateway.api.DockerApiException;
import dev.berth.gateway.container.AttachOptions;
import dev.berth.gateway.container.Attachment;
import dev.berth.gateway.container.ContainerService;
import dev.berth.gateway.container.WaitCondition;
import dev.berth.gateway.container.WaitResult;
import dev.berth.gateway.http.DockerParams;
import dev.berth.gateway.http.Json;
import dev.berth.gateway.http.NettyResponses;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container endpoints whose responses outlive a normal request: attach (the connection is
 * hijacked) and wait (the head goes out at once, the body when the container is done, because the
 * docker CLI waits for the head of its wait request before it starts the container).
 * Both run on virtual threads, never on the event loop.
 */
public final class ContainerStreamRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerStreamRoutes.class);

    private final ContainerService containers;

    public ContainerStreamRoutes(ContainerService containers) {
        this.containers = containers;
    }

    /** POST /containers/{id}/attach?stdin=&stdout=&stderr=: answers on the raw connection (codec already removed). */
    public void attach(ChannelHandlerContext ctx, HijackedStream stream, String id, HttpRequest request) {
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        Channel channel = ctx.channel();
        boolean upgrade = request.headers().containsValue(HttpHeaderNames.UPGRADE, "tcp", true);
        AttachOptions options = new AttachOptions(
                DockerParams.bool(param(query, "stdin")),
                DockerParams.bool(param(query, "stdout")),
                DockerParams.bool(param(query, "stderr")));
        Thread.ofVirtual().name("attach-" + id).start(() -> {
            try {
                boolean tty = containers.inspect(id).config().tty();
                Attachment attachment = containers.attach(id, options, stream);
                if (!channel.isActive()) {
                    attachment.close();
                    return;
                }
                stream.open(HijackedStream.head(upgrade, tty), tty, attachment);
            } catch (DockerApiException e) {
                NettyResponses.rawJsonErrorAndClose(ctx, e.status(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("attach to {} failed", id, e);
                NettyResponses.rawJsonErrorAndClose(ctx, 500, String.valueOf(e.getMessage()));
            }
        });
    }

    /** POST /exec/{id}/start attached: the exec's stdio on the raw connection, as attach. */
    public void execStart(ChannelHandlerContext ctx, HijackedStream stream, String execId, HttpRequest request) {
        Channel channel = ctx.channel();
        boolean upgrade = request.headers().containsValue(HttpHeaderNames.UPGRADE, "tcp", true);
        Thread.ofVirtual().name("exec-" + execId).start(() -> {
            try {
                boolean tty = containers.execTty(execId);
                Attachment attachment = containers.execStart(execId, stream);
                if (!channel.isActive()) {
                    attachment.close();
                    return;
                }
                stream.open(HijackedStream.head(upgrade, tty), tty, attachment);
            } catch (DockerApiException e) {
                NettyResponses.rawJsonErrorAndClose(ctx, e.status(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("exec start {} failed", execId, e);
                NettyResponses.rawJsonErrorAndClose(ctx, 500, String.valueOf(e.getMessage()));
            }
        });
    }

    /** POST /exec/{id}/start with Detach: started, answered 200 with no body. */
    public void execStartDetached(ChannelHandlerContext ctx, String execId) {
        Thread.ofVirtual().name("exec-" + execId).start(() -> {
            try {
                containers.execStart(execId, null);
                HttpResponse ok = new io.netty.handler.codec.http.DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                ok.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0)
                        .set("Api-Version", dev.berth.gateway.BerthVersion.API_VERSION);
                ctx.writeAndFlush(ok);
            } catch (DockerApiException e) {
                ctx.writeAndFlush(NettyResponses.jsonError(e.status(), e.getMessage(), true));
            } catch (RuntimeException e) {
                LOG.warn("exec start {} failed", execId, e);
                ctx.writeAndFlush(NettyResponses.jsonError(500, String.valueOf(e.getMessage()), true));
            }
        });
    }

    /** POST /containers/{id}/wait?condition=: the head now, {"StatusCode","Error"} when the condition is met. */
    public void waitFor(ChannelHandlerContext ctx, String id, HttpRequest request) {
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        Channel channel = ctx.channel();
        Thread.ofVirtual().name("wait-" + id).start(() -> {
            CompletableFuture<WaitResult> result;
            try {
                result = containers.waitFor(id, WaitCondition.parse(param(query, "condition")));
            } catch (DockerApiException e) {
                ctx.writeAndFlush(NettyResponses.jsonError(e.status(), e.getMessage(), false))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            } catch (RuntimeException e) {
                LOG.warn("wait for {} failed", id, e);
                ctx.writeAndFlush(NettyResponses.jsonError(500, String.valueOf(e.getMessage()), false))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                    .set("Api-Version", dev.berth.gateway.BerthVersion.API_VERSION);
            ctx.writeAndFlush(head);
            result.whenComplete((value, error) -> {
                if (!channel.isActive()) {
                    return;
                }
                ObjectNode body = Json.object();
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    body.put("StatusCode", -1);
                    body.putObject("Error").put("Message", String.valueOf(cause.getMessage()));
                } else {
                    body.put("StatusCode", value.statusCode());
                    if (value.error() == null) {
                        body.putNull("Error");
                    } else {
                        body.putObject("Error").put("Message", value.error());
                    }
                }
                byte[] bytes = (new String(Json.bytes(body), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
                ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
            });
        });
    }

    private static String param(QueryStringDecoder query, String name) {
        var values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
