package dev.berth.cli;

import dev.berth.cli.api.Json;
import dev.berth.cli.command.Version;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * Class set-up that every command talking to the engine pays once, done on a second thread while
 * the main thread builds the command line: NIO's selector provider (a service-loader scan of
 * every jar), UNIX sockets (their SecureRandom, i.e. the security providers), jackson-core's
 * parser and generator (BigDecimal's tables) and the version sent as User-Agent. Class
 * initialisation is once per JVM and thread-safe: whichever thread comes second waits for the
 * first, so nothing is done twice and nothing changes but when it happens.
 */
final class Prewarm implements Runnable {

    private Prewarm() {
    }

    static void start() {
        // a class, not a lambda: a lambda's class is spun at its first use, on the path this saves
        Thread thread = new Thread(new Prewarm(), "berth-prewarm");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        warm();
    }

    static void warm() {
        // in the order the command needs them: the version for its first request, the socket, then JSON
        Version.current();
        try {
            SocketChannel.open(StandardProtocolFamily.UNIX).close();
        } catch (IOException | RuntimeException e) {
            // the command reports what is wrong with sockets when it connects
        }
        try {
            Json.parse(new byte[] {'{', '}'});
            Json.bytes(List.of());
        } catch (IOException | RuntimeException e) {
            // likewise when it reads its answer
        }
    }
}
