package dev.berth.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Responses written below Micronaut, by the Netty handlers that answer before routing. */
public final class NettyResponses {
    private NettyResponses() {}

    /** A complete JSON error through the HTTP codec: {"message": "..."}. */
    public static FullHttpResponse jsonError(int status, String message, boolean keepAlive) {
        byte[] body = (new String(Json.bytes(Json.error(message)), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set("Api-Version", dev.berth.gateway.BerthVersion.API_VERSION)
                .set(HttpHeaderNames.SERVER, dev.berth.gateway.BerthVersion.serverHeader());
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    /** The same error as raw bytes, for a connection whose HTTP codec is already gone; closes it after. */
    public static void rawJsonErrorAndClose(ChannelHandlerContext ctx, int status, String message) {
        byte[] body = (new String(Json.bytes(Json.error(message)), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + HttpResponseStatus.valueOf(status).reasonPhrase() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Api-Version: " + dev.berth.gateway.BerthVersion.API_VERSION + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        ByteBuf buf = Unpooled.buffer(head.length() + body.length);
        buf.writeBytes(head.getBytes(StandardCharsets.US_ASCII)).writeBytes(body);
        ctx.writeAndFlush(buf).addListener(ChannelFutureListener.CLOSE);
    }
}
