/** The sandbox's S3 stand-in: buckets per account with bucket policies, objects, ListObjectsV2 and multipart uploads. */
package dev.cutover.sandbox.internal.s3;
