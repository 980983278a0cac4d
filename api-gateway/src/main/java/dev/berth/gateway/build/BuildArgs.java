package dev.berth.gateway.build;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * moby's BuildArgs: the --build-arg values, the ARGs a stage declared (only those, and the proxy
 * variables, are visible to its instructions), the meta ARGs before the first FROM, and which args
 * were referenced, for the "were not consumed" warning. A stage works on a copy whose allowed set
 * starts empty; the referenced set is shared.
 */
public final class BuildArgs {
    /** Docker's builtin args: usable without an ARG, left out of the history unless declared. */
    static final Set<String> BUILTIN = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY",
            "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    /** --build-arg values; a null value is "--build-arg NAME" without a value and no such variable in the client's env. */
    private final Map<String, String> fromOptions;
    private final Map<String, String> allowed;
    private final Map<String, String> meta;
    private final Set<String> referenced;

    public BuildArgs(Map<String, String> fromOptions) {
        this(new LinkedHashMap<>(fromOptions), new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashSet<>());
    }

    private BuildArgs(Map<String, String> fromOptions, Map<String, String> allowed, Map<String, String> meta, Set<String> referenced) {
        this.fromOptions = fromOptions;
        this.allowed = allowed;
        this.meta = meta;
        this.referenced = referenced;
    }

    /** A stage's copy: no ARG declared yet; meta ARGs, options and the referenced set carry over. */
    public BuildArgs forStage() {
        return new BuildArgs(fromOptions, new LinkedHashMap<>(), meta, referenced);
    }

    /** ARG name[=value] in a stage (or before FROM): declared, and so referenced. */
    public void addArg(String key, String defaultValue) {
        allowed.put(key, defaultValue);
        referenced.add(key);
    }

    public void addMetaArg(String key, String defaultValue) {
        meta.put(key, defaultValue);
    }

    /** The declared args with a value (the --build-arg value wins over the default), and given builtins. */
    public Map<String, String> allAllowed() {
        return fromMapping(allowed);
    }

    /** The meta ARGs' values, what FROM substitutes with. */
    public Map<String, String> allMeta() {
        return fromMapping(meta);
    }

    private Map<String, String> fromMapping(Map<String, String> source) {
        Set<String> keys = new LinkedHashSet<>(source.keySet());
        for (String builtin : BUILTIN) {
            if (fromOptions.containsKey(builtin)) {
                keys.add(builtin);
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : keys) {
            String fromOption = fromOptions.get(key);
            if (fromOption != null) {
                values.put(key, fromOption);
            } else if (source.get(key) != null) {
                values.put(key, source.get(key));
            }
        }
        return values;
    }

    /** The allowed args not overridden by a variable of {@code env}, as "k=v" (moby's FilterAllowed). */
    public List<String> filterAllowed(List<String> env) {
        Set<String> envKeys = new LinkedHashSet<>();
        for (String variable : env) {
            int eq = variable.indexOf('=');
            envKeys.add(eq < 0 ? variable : variable.substring(0, eq));
        }
        List<String> out = new ArrayList<>();
        allAllowed().forEach((k, v) -> {
            if (!envKeys.contains(k)) {
                out.add(k + "=" + v);
            }
        });
        return out;
    }

    /**
     * RUN's cache and history form of the command with build args: {@code |N k=v ... cmd}, the
     * args sorted, builtin ones only when declared (moby's prependEnvOnCmd).
     */
    public List<String> prependEnvOnCmd(List<String> buildArgVars, List<String> cmd) {
        List<String> kept = new ArrayList<>();
        for (String variable : buildArgVars) {
            String key = variable.contains("=") ? variable.substring(0, variable.indexOf('=')) : variable;
            if (allowed.containsKey(key) || !BUILTIN.contains(key)) {
                kept.add(variable);
            }
        }
        Collections.sort(kept);
        List<String> out = new ArrayList<>();
        out.add("|" + kept.size());
        out.addAll(kept);
        out.addAll(cmd);
        return out;
    }

    /** "[Warning] One or more build-args [A B] were not consumed\n", or null when all were. */
    public String unusedWarning() {
        Set<String> left = new TreeSet<>();
        for (String key : fromOptions.keySet()) {
            if (!BUILTIN.contains(key) && !referenced.contains(key)) {
                left.add(key);
            }
        }
        return left.isEmpty() ? null : "[Warning] One or more build-args " + HistoryFormat.plainList(List.copyOf(left))
                + " were not consumed\n";
    }
}
