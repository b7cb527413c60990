/**
 * The path of one consumed record through its consumer group: a short chain of named steps
 * (routing, key order, correlation, inbox, handler invocation), each in the package of its
 * capability. Internal to eventwire: the steps and their order are eventwire's own.
 */
@NullMarked
package io.eventwire.dispatch;

import org.jspecify.annotations.NullMarked;
