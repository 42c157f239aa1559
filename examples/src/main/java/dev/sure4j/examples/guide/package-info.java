/** The "train your own adapter" guide's example, compiled and run by the tests. */
package dev.sure4j.examples.guide;
