/** A small shop, mapped with Hibernate, whose entities the tests cache. */
package io.peanutcache.hibernate.shop;
