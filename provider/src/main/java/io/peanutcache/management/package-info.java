/**
 * JSR-107 management: the statistics a cache handle counts, its configuration and statistics
 * MXBeans, and their registration in the platform MBeanServer under the spec's ObjectNames.
 */
package io.peanutcache.management;
