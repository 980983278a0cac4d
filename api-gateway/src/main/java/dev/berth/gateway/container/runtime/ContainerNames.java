package dev.berth.gateway.container.runtime;

import dev.berth.gateway.api.DockerApiException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Docker's container names: the allowed characters, and generated "adjective_surname" names. */
public final class ContainerNames {
    private static final Pattern VALID = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]+");

    private static final List<String> ADJECTIVES = List.of(
            "admiring", "agitated", "amazing", "angry", "awesome", "blissful", "bold", "brave", "busy", "charming",
            "clever", "compassionate", "competent", "condescending", "confident", "cool", "cranky", "crazy",
            "dazzling", "determined", "eager", "ecstatic", "elastic", "elated", "elegant", "epic", "exciting",
            "fervent", "festive", "flamboyant", "focused", "friendly", "frosty", "gallant", "gifted", "goofy",
            "gracious", "happy", "hardcore", "heuristic", "hopeful", "hungry", "infallible", "inspiring",
            "jolly", "jovial", "keen", "kind", "laughing", "loving", "lucid", "magical", "modest", "musing",
            "mystifying", "naughty", "nervous", "nice", "nifty", "nostalgic", "objective", "optimistic",
            "peaceful", "pedantic", "pensive", "practical", "priceless", "quirky", "quizzical", "relaxed",
            "reverent", "romantic", "sad", "serene", "sharp", "silly", "sleepy", "stoic", "strange", "stupefied",
            "suspicious", "sweet", "tender", "thirsty", "trusting", "upbeat", "vibrant", "vigilant", "vigorous",
            "wizardly", "wonderful", "xenodochial", "youthful", "zealous", "zen");

    private static final List<String> SURNAMES = List.of(
            "albattani", "allen", "archimedes", "babbage", "banach", "bardeen", "bartik", "bell", "blackwell",
            "bohr", "booth", "borg", "bose", "brahmagupta", "brattain", "brown", "carson", "cerf", "chandrasekhar",
            "chatelet", "curie", "darwin", "dijkstra", "einstein", "elion", "engelbart", "euclid", "euler",
            "faraday", "fermat", "fermi", "feynman", "franklin", "galileo", "gauss", "goldberg", "goodall",
            "haibt", "hamilton", "hawking", "heisenberg", "hertz", "hodgkin", "hopper", "hypatia", "jackson",
            "jang", "jennings", "johnson", "kalam", "kapitsa", "keller", "kepler", "khorana", "knuth", "kowalevski",
            "lamarr", "lamport", "leakey", "lovelace", "lumiere", "mayer", "mccarthy", "mcclintock", "meitner",
            "mendel", "merkle", "mirzakhani", "montalcini", "morse", "napier", "newton", "nobel", "noether",
            "pascal", "pasteur", "payne", "perlman", "pike", "poincare", "ptolemy", "ramanujan", "ritchie",
            "rosalind", "sammet", "shannon", "shockley", "sinoussi", "stonebraker", "swanson", "tesla",
            "thompson", "torvalds", "turing", "varahamihira", "visvesvaraya", "wescoff", "wiles", "williams",
            "wing", "wozniak", "wright", "yalow", "yonath");

    private ContainerNames() {}

    /** The name without its leading "/", or 400 with Docker's message when it has other characters. */
    public static String validate(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw DockerApiException.badRequest(
                    "Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return name.startsWith("/") ? name.substring(1) : name;
    }

    /** A fresh "adjective_surname" name that {@code taken} does not hold; a digit is appended after collisions. */
    public static String generate(Predicate<String> taken) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; ; attempt++) {
            String name = ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "_"
                    + SURNAMES.get(random.nextInt(SURNAMES.size()));
            if (name.equals("boring_wozniak")) { // Steve Wozniak is not boring, as Docker's generator insists
                continue;
            }
            if (attempt >= 10) {
                name = name + random.nextInt(attempt < 100 ? 10 : 1_000_000);
            }
            if (!taken.test(name)) {
                return name;
            }
        }
    }
}
