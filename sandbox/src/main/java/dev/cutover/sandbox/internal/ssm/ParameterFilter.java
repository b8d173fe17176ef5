package dev.cutover.sandbox.internal.ssm;

import java.util.List;

/**
 * A ParameterStringFilter (Key, Option, Values) as GetParametersByPath and DescribeParameters take it.
 *
 * @param option null when not given (Equals, or OneLevel for Path)
 */
record ParameterFilter(String key, String option, List<String> values) {

    ParameterFilter {
        values = values == null ? List.of() : List.copyOf(values);
    }
}
