package dev.berth.network;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The network service with a crash point set ({@code --pause-at <point>} among its options), for
 * CrashRecoveryTest: it freezes there so the test can SIGKILL it mid-change. Test sources only,
 * so no program Berth ships can be told to pause.
 */
public final class PausingNetworkMain {
    static final String OPTION = "--pause-at";

    private PausingNetworkMain() {}

    public static void main(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        int at = rest.indexOf(OPTION);
        if (at < 0 || at + 1 >= rest.size()) {
            throw new IllegalArgumentException(OPTION + " <point> is required");
        }
        String point = rest.get(at + 1);
        rest.subList(at, at + 2).clear();
        System.exit(new CommandLine(new NetworkMain(point)).execute(rest.toArray(String[]::new)));
    }
}
