package dev.berth.cli.command.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The annotation objects answer what picocli's annotations declare for every attribute they are not given. */
class AnnotationValuesTest {

    @Test
    void optionValuesDefaultAsTheAnnotation() throws Exception {
        assertDefaults(Option.class, new OptionValues(), 28);
    }

    @Test
    void parametersValuesDefaultAsTheAnnotation() throws Exception {
        assertDefaults(Parameters.class, new ParametersValues(), 21);
    }

    @Test
    void givenAttributesAreAnswered() {
        OptionValues option = new OptionValues().names("-t", "--tag").arity("0..1").paramLabel("list").split(",").hidden(true)
                .defaultValue("x").fallbackValue("y").usageHelp(true).versionHelp(true).description("a", "b");
        assertArrayEquals(new String[] {"-t", "--tag"}, option.names());
        assertEquals(java.util.List.of("0..1", "list", ",", true, "x", "y", true, true), java.util.List.of(option.arity(), option.paramLabel(),
                option.split(), option.hidden(), option.defaultValue(), option.fallbackValue(), option.usageHelp(), option.versionHelp()));
        assertArrayEquals(new String[] {"a", "b"}, option.description());
        ParametersValues parameters = new ParametersValues().index("1..*").arity("0..*").paramLabel("COMMAND").description("c");
        assertEquals(java.util.List.of("1..*", "0..*", "COMMAND"), java.util.List.of(parameters.index(), parameters.arity(), parameters.paramLabel()));
        assertArrayEquals(new String[] {"c"}, parameters.description());
    }

    private static void assertDefaults(Class<? extends Annotation> type, Annotation values, int attributes) throws Exception {
        int checked = 0;
        for (Method attribute : type.getDeclaredMethods()) {
            Object expected = attribute.getDefaultValue();
            if (expected == null) {
                continue; // names() has none: always given
            }
            Object actual = attribute.invoke(values);
            if (expected.getClass().isArray()) {
                assertTrue(java.util.Objects.deepEquals(expected, actual), type.getSimpleName() + "." + attribute.getName());
            } else {
                assertEquals(expected, actual, type.getSimpleName() + "." + attribute.getName());
            }
            checked++;
        }
        // a new attribute in a picocli upgrade shows here (and fails to compile in the Values class)
        assertEquals(attributes - (type == Option.class ? 1 : 0), checked, type.getSimpleName() + " attributes with defaults");
        assertEquals(type, values.annotationType());
    }
}
