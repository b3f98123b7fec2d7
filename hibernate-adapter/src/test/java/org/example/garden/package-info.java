/**
 * A garden, mapped with Hibernate: an application's entities outside PeanutCache's packages,
 * whose cached state holds the application's own types (an enum, a composite id).
 */
package org.example.garden;
