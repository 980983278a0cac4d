package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.format.Humanize;
import dev.berth.cli.format.OutputFormat;
import dev.berth.cli.format.Row;
import dev.berth.cli.registry.DockerConfig;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth images} / {@code berth image ls}: GET /images/json?all=1&filters= with the filters as docker's
 * client sends them (before, since, dangling, reference, label... are the daemon's to check), REPOSITORY[:TAG]
 * added as a reference filter; rows as docker's imageFormat ({@link ImageRows}), --format as NewImageFormat
 * (table, json, raw, templates; the config file's imagesFormat).
 */
@Command(name = "images", description = "List images", customSynopsis = "berth images [OPTIONS] [REPOSITORY[:TAG]]")
public final class ImagesCommand extends EngineCommand {
    static final String DEFAULT_TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
    static final String DIGEST_TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
    static final Map<String, String> HEADERS = Map.of("Repository", "REPOSITORY", "Tag", "TAG", "ID", "IMAGE ID",
            "CreatedSince", "CREATED", "CreatedAt", "CREATED AT", "Size", "SIZE", "Digest", "DIGEST",
            "Containers", "CONTAINERS", "SharedSize", "SHARED SIZE");
    /** docker image's subcommands and aliases: "berth images ls" finding nothing gets a hint. */
    static final Set<String> IMAGE_SUBCOMMANDS = Set.of("build", "history", "import", "inspect", "list", "load", "ls",
            "prune", "pull", "push", "rm", "save", "tag");
    static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");

    @Option(names = {"-a", "--all"}, description = "Show all images (default hides intermediate images)")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Option(names = "--digests", description = "Show digests")
    boolean digests;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = {"-f", "--filter"}, paramLabel = "filter", description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template:\n"
            + "'table':            Print output in table format with column headers (default)\n"
            + "'table TEMPLATE':   Print output in table format using the given Go template\n"
            + "'json':             Print in JSON format\n"
            + "'TEMPLATE':         Print output using the given Go template.\n"
            + "Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates")
    String format;

    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String repository;

    @Spec
    CommandSpec spec;

    @Override
    protected int execute() throws Exception {
        Map<String, List<String>> filterMap = Filters.parseFlag(filters);
        if (repository != null && !repository.isEmpty()) {
            List<String> references = filterMap.computeIfAbsent("reference", k -> new ArrayList<>());
            if (!references.contains(repository)) {
                references.add(repository);
            }
        }
        String source = imageFormat(formatFlag());
        OutputFormat output = OutputFormat.parse(source.equals("json") ? "{{json .}}" : source, DEFAULT_TABLE);
        JsonNode images = client().get("/images/json",
                Query.of().flag("all", all).addIfPresent("filters", Filters.dockerJson(filterMap)));
        boolean needDigest = digests || source.contains("{{.Digest}}");
        List<Row> rows = new ArrayList<>();
        for (JsonNode image : images) {
            for (ImageRows.Entry entry : ImageRows.of(image, needDigest, digests)) {
                rows.add(row(image, entry.repository(), entry.tag(), entry.digest()));
            }
        }
        io().out().print(output.render(rows, Row.header(HEADERS)));
        io().out().flush();
        if (images.isEmpty() && repository != null && calledAsImages()
                && IMAGE_SUBCOMMANDS.contains(repository)) {
            io().err().printf("%nNo images found matching \"%s\": did you mean \"berth image %s\"?%n", repository, repository);
        }
        return 0;
    }

    /** Run as the top-level "images", not "image ls" (cobra's CalledAs). */
    private boolean calledAsImages() {
        return spec != null && (spec.parent() == null || !spec.parent().name().equals("image"));
    }

    /** --format, else the config file's imagesFormat (not with -q), else "table", as docker's runImages. */
    private String formatFlag() {
        if (format != null && !format.isEmpty()) {
            return format;
        }
        if (!quiet) {
            try {
                String configured = DockerConfig.load(DockerConfig.location(session()::env)).setting("imagesFormat");
                if (!configured.isEmpty()) {
                    return configured;
                }
            } catch (IOException e) {
                // docker warns about an unreadable config file and goes on without it
            }
        }
        return "table";
    }

    /** docker's NewImageFormat: -q and --digests choose among the defaults; a custom table gets a digest column. */
    private String imageFormat(String source) {
        switch (source) {
            case "table":
                return quiet ? "{{.ID}}" : digests ? DIGEST_TABLE : DEFAULT_TABLE;
            case "raw":
                return quiet ? "image_id: {{.ID}}" : "repository: {{ .Repository }}\ntag: {{.Tag}}\n"
                        + (digests ? "digest: {{.Digest}}\n" : "")
                        + "image_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n";
            default:
                return source.startsWith("table") && digests && !source.contains("{{.Digest}}") ? source + "\t{{.Digest}}" : source;
        }
    }

    private Row row(JsonNode image, String repository, String tag, String digest) {
        Instant created = Instant.ofEpochSecond(image.path("Created").asLong());
        String id = image.path("Id").asText();
        return Row.of("*formatter.imageContext")
                .put("ID", () -> noTrunc ? id : shortId(id))
                .put("Repository", () -> repository)
                .put("Tag", () -> tag)
                .put("Digest", () -> digest)
                .put("CreatedSince", () -> image.path("Created").asLong() <= 0 ? "N/A"
                        : Humanize.ago(Duration.between(created, session().clock().instant())))
                .put("CreatedAt", () -> GO_TIME.format(created.atZone(ZoneId.systemDefault())))
                .put("Size", () -> Humanize.size(image.path("Size").asDouble()))
                .put("Containers", () -> image.path("Containers").asLong(-1) < 0 ? "N/A" : image.path("Containers").asText())
                .put("SharedSize", () -> image.path("SharedSize").asLong(-1) < 0 ? "N/A" : Humanize.size(image.path("SharedSize").asDouble()))
                .put("UniqueSize", () -> image.path("SharedSize").asLong(-1) < 0 ? "N/A"
                        : Humanize.size(image.path("Size").asDouble() - image.path("SharedSize").asDouble()))
                .put("VirtualSize", () -> Humanize.size(image.path("VirtualSize").asDouble(image.path("Size").asDouble())));
    }

    /** 12 hex characters of the id, without "sha256:". */
    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
