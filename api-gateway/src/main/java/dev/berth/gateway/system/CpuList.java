package dev.berth.gateway.system;

import java.util.List;
import java.util.TreeSet;

/** Linux CPU lists ("0-3,6"): the kernel's format for affinity, online CPUs and cpusets. */
public final class CpuList {
    private CpuList() {}

    /** The CPU numbers of a list; IllegalArgumentException when it is not one. */
    public static List<Integer> parse(String list) {
        TreeSet<Integer> cpus = new TreeSet<>();
        for (String part : list.trim().split(",")) {
            String[] range = part.trim().split("-", -1);
            try {
                int from = Integer.parseInt(range[0].trim());
                int to = range.length == 2 ? Integer.parseInt(range[1].trim()) : from;
                if (range.length > 2 || from < 0 || to < from) {
                    throw new IllegalArgumentException("invalid format: " + list);
                }
                for (int cpu = from; cpu <= to; cpu++) {
                    cpus.add(cpu);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid format: " + list);
            }
        }
        return List.copyOf(cpus);
    }

    public static int count(String list) {
        return parse(list).size();
    }
}
