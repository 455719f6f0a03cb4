/* The package's optional C extension: writing model objects as JSON, making them from
 * the mirrors msgspec decodes, and two helpers on JSON bytes (their text; whether a key
 * is given twice). The Writer and the Builder read and set slots directly, so each
 * works only on objects of exactly the classes it was made for, whose layout it knows.
 *
 * A Writer knows, for one model class, each field's slot, its key, what its value is
 * and when it is left out, and writes an object of exactly that class as compact JSON,
 * byte for byte as the library's converter writes it: keys in the converter's order
 * (a record's "type" tag first), fields holding their default left out, text escaped as
 * the json module escapes it with ensure_ascii=False.
 *
 * It checks each value's type as it writes it and refuses anything it cannot write
 * exactly (a value of another type, an int beyond 64 bits, text with a lone surrogate)
 * with an exception; the Python caller then writes the value the general way, which
 * gives the verdict.
 *
 * A Builder makes a model object from its mirror, a msgspec Struct that msgspec has
 * decoded and checked: it makes the object as object.__new__ does, moves each value
 * into the field's slot (making nested objects with their own Builders, and partial
 * dates by calling the parser), runs the plainest of the model's checks itself (text
 * not blank, no item twice, a known id, the bounds of a quoted span), then calls the
 * class's check, which is Python code holding the others and raises to refuse the
 * object.
 *
 * Python code can run in the middle of either: a class's __hash__ (its metaclass's) when
 * a Writer looks up the Writer of a record's class, __eq__ when it compares a value
 * with its default, the parser and the checks a Builder calls. That code may set any
 * slot of any object (object.__setattr__ gets past frozenness; mirrors are mutable), which
 * frees the value the slot held unless something else holds it. So every value read
 * from a slot is held by a strong reference of its own for as long as it is used, and
 * released on every path out; items of a tuple held that way are safe to borrow, as a
 * tuple cannot change.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#if defined(MADV_HUGEPAGE)
#define HAVE_MADVISE_HUGEPAGE 1
#endif
#endif

/* What a field's value (or each item, for a tuple) is. */
enum {
    KIND_TEXT = 0,   /* str */
    KIND_INT = 1,    /* int, not bool */
    KIND_BOOL = 2,   /* bool */
    KIND_DATE = 3,   /* a partial date; arg is the Writer of its class, for its slots */
    KIND_MODEL = 4,  /* a model object; arg is its class's Writer */
    KIND_RECORD = 5, /* a record of any class; arg is a dict from class to Writer */
    KIND_TERM = 6,   /* a term of the str Enum arg, written as its text (its value) */
    KIND_LAST = KIND_TERM,
};

typedef struct {
    Py_ssize_t offset;  /* of the slot in the object */
    PyObject *key;      /* bytes: the quoted key and its colon (borrowed from fields) */
    PyObject *fallback; /* the value left out when omit is set (borrowed) */
    PyObject *arg;      /* the Writer, dict or vocabulary the kind needs, else None (borrowed) */
    int kind;
    int many;           /* a tuple of such values */
    int nullable;       /* None is allowed, written as null */
    int omit;           /* left out when it holds ``fallback`` */
} Field;

typedef struct {
    PyObject_HEAD
    PyTypeObject *cls; /* the exact class of the objects written; NULL until made */
    PyObject *prefix;  /* bytes: "{", or "{" and the record's tag */
    PyObject *fields;  /* the tuple the Writer was made with, which owns what Field borrows */
    Py_ssize_t size;
    Field *table;
    Py_ssize_t last; /* the length of the previous output, so the next starts near it */
} Writer;

/* The output is written straight into a bytes object, resized as it grows and handed
 * over without a final copy. */
typedef struct {
    PyObject *bytes; /* owned; NULL once a resize has failed */
    char *data;
    Py_ssize_t size;
    Py_ssize_t capacity;
    /* Of the text written, for the str of the output: the bytes it took beyond one a
     * character, and the largest character its kind holds (0 before any). */
    Py_ssize_t wide;
    Py_UCS4 largest;
} Out;

static PyTypeObject WriterType;

/* ------------------------------------------------------------------------ output */

/* A large output is fresh memory, which the kernel maps a page at a time as it is
 * first written: 6,000 page faults for 25 MB, as long as writing the JSON itself takes.
 * Where the kernel offers transparent huge pages on request, the output's memory asks
 * for them, which takes hundreds of times fewer faults. That is advice, and a refusal
 * changes nothing but the speed. */
static void
advise_huge_pages(void *data, size_t n)
{
#if defined(HAVE_MADVISE_HUGEPAGE)
    /* Only for memory large enough to hold whole huge pages, which the allocator maps
     * afresh; smaller outputs are in memory already mapped. */
    if (n < ((size_t)8 << 20)) {
        return;
    }
    long size = sysconf(_SC_PAGESIZE);
    if (size <= 0) {
        return;
    }
    uintptr_t page = (uintptr_t)size;
    uintptr_t start = ((uintptr_t)data + page - 1) & ~(page - 1);
    uintptr_t end = ((uintptr_t)data + n) & ~(page - 1);
    int saved = errno;
    (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
    errno = saved;
#else
    (void)data;
    (void)n;
#endif
}

static int
grow(Out *out, Py_ssize_t more)
{
    if (more <= out->capacity - out->size) {
        return 0;
    }
    Py_ssize_t capacity = out->capacity;
    while (more > capacity - out->size) {
        if (capacity > PY_SSIZE_T_MAX / 2) {
            PyErr_NoMemory();
            return -1;
        }
        capacity *= 2;
    }
    if (_PyBytes_Resize(&out->bytes, capacity) < 0) { /* frees the bytes on failure */
        return -1;
    }
    out->data = PyBytes_AS_STRING(out->bytes);
    out->capacity = capacity;
    advise_huge_pages(out->data, (size_t)capacity);
    return 0;
}

static inline int
put(Out *out, const char *bytes, Py_ssize_t n)
{
    if (grow(out, n) < 0) {
        return -1;
    }
    memcpy(out->data + out->size, bytes, (size_t)n);
    out->size += n;
    return 0;
}

static inline int
put_char(Out *out, char c)
{
    if (out->size == out->capacity && grow(out, 1) < 0) {
        return -1;
    }
    out->data[out->size++] = c;
    return 0;
}

static inline int
put_bytes(Out *out, PyObject *bytes)
{
    return put(out, PyBytes_AS_STRING(bytes), PyBytes_GET_SIZE(bytes));
}

/* How the json module escapes each byte of UTF-8 text: 0 as it is, 'u' as \u00XX,
 * else a backslash and this character. */
static const char ESCAPE[256] = {
    ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f', ['\r'] = 'r',
    [0x00] = 'u', [0x01] = 'u', [0x02] = 'u', [0x03] = 'u', [0x04] = 'u', [0x05] = 'u',
    [0x06] = 'u', [0x07] = 'u', [0x0b] = 'u', [0x0e] = 'u', [0x0f] = 'u', [0x10] = 'u',
    [0x11] = 'u', [0x12] = 'u', [0x13] = 'u', [0x14] = 'u', [0x15] = 'u', [0x16] = 'u',
    [0x17] = 'u', [0x18] = 'u', [0x19] = 'u', [0x1a] = 'u', [0x1b] = 'u', [0x1c] = 'u',
    [0x1d] = 'u', [0x1e] = 'u', [0x1f] = 'u',
    ['"'] = '"', ['\\'] = '\\',
};

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

static inline int
needs_escape(uint64_t word)
{
    /* Whether any of the eight bytes is below 0x20, a quote or a backslash. */
    uint64_t quote = word ^ (ONES * '"');
    uint64_t backslash = word ^ (ONES * '\\');
    uint64_t found = ((word - ONES * 0x20) & ~word) | ((quote - ONES) & ~quote) |
                     ((backslash - ONES) & ~backslash);
    return (found & HIGHS) != 0;
}

static int
put_text(Out *out, PyObject *text)
{
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(text, &n); /* fails on a lone surrogate */
    if (s == NULL || grow(out, n + 2) < 0) {
        return -1;
    }
    out->wide += n - PyUnicode_GET_LENGTH(text); /* escapes add as many bytes as characters */
    Py_UCS4 largest = PyUnicode_MAX_CHAR_VALUE(text);
    out->largest = largest > out->largest ? largest : out->largest;
    out->data[out->size++] = '"';
    Py_ssize_t start = 0, i = 0;
    /* Most text needs no escape: copy it whole after checking eight bytes at a time. */
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        memcpy(&word, s + i, 8);
        if (needs_escape(word)) {
            break;
        }
    }
    for (; i < n; i++) {
        char how = ESCAPE[(unsigned char)s[i]];
        if (how == 0) {
            continue;
        }
        if (put(out, s + start, i - start) < 0) {
            return -1;
        }
        char escaped[6] = {'\\', how, '0', '0', 0, 0};
        Py_ssize_t length = 2;
        if (how == 'u') {
            escaped[4] = "0123456789abcdef"[(unsigned char)s[i] >> 4];
            escaped[5] = "0123456789abcdef"[(unsigned char)s[i] & 0xf];
            length = 6;
        }
        if (put(out, escaped, length) < 0) {
            return -1;
        }
        start = i + 1;
    }
    if (put(out, s + start, n - start) < 0) {
        return -1;
    }
    return put_char(out, '"');
}

static int
put_int(Out *out, PyObject *value)
{
    int overflow;
    long long n = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (overflow) {
        PyErr_SetString(PyExc_OverflowError, "an int beyond 64 bits");
        return -1;
    }
    if (n == -1 && PyErr_Occurred()) {
        return -1;
    }
    char digits[24];
    char *end = digits + sizeof digits, *p = end;
    unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (n < 0) {
        *--p = '-';
    }
    return put(out, p, end - p);
}

/* ------------------------------------------------------------------------ values */

static int write_object(Writer *writer, PyObject *obj, Out *out);

static int
one_argument(PyObject *args, PyObject *kwargs, const char *name, PyObject **arg)
{
    /* The single positional argument a Writer or Builder is called with. */
    if (kwargs != NULL && PyDict_GET_SIZE(kwargs) != 0) {
        PyErr_Format(PyExc_TypeError, "a %s takes no keyword arguments", name);
        return -1;
    }
    return PyArg_UnpackTuple(args, name, 1, 1, arg) ? 0 : -1;
}

static inline PyObject *
slot(PyObject *obj, Py_ssize_t offset)
{
    return *(PyObject **)((char *)obj + offset);
}

static int
slot_offset(PyObject *descr, PyTypeObject *owner, Py_ssize_t *offset)
{
    /* The offset of an object slot of ``owner`` (or of a class it derives from). */
    if (!Py_IS_TYPE(descr, &PyMemberDescr_Type) ||
        ((PyMemberDescrObject *)descr)->d_member->type != T_OBJECT_EX ||
        !PyType_IsSubtype(owner, PyDescr_TYPE(descr))) {
        return -1;
    }
    *offset = ((PyMemberDescrObject *)descr)->d_member->offset;
    return 0;
}

static int
put_date(Out *out, Writer *date, PyObject *value)
{
    /* YYYY, YYYY-MM or YYYY-MM-DD, from the date's year, month and day slots. */
    if (Py_TYPE(value) != date->cls) {
        PyErr_Format(PyExc_TypeError, "expected %.100s, got %.100s", date->cls->tp_name,
                     Py_TYPE(value)->tp_name);
        return -1;
    }
    long parts[3];
    int count = 0;
    for (; count < 3; count++) {
        PyObject *part = slot(value, date->table[count].offset);
        if (part == NULL) {
            PyErr_SetString(PyExc_AttributeError, "a date with a part never set");
            return -1;
        }
        if (part == Py_None) {
            break;
        }
        if (!PyLong_CheckExact(part)) {
            PyErr_SetString(PyExc_TypeError, "a date's part is not an int");
            return -1;
        }
        /* An exact int: reading it runs no Python code, so it needs no reference. */
        parts[count] = PyLong_AsLong(part);
        long top = count == 0 ? 9999 : count == 1 ? 12 : 31;
        if (parts[count] < 1 || parts[count] > top) {
            if (!PyErr_Occurred()) {
                PyErr_SetString(PyExc_ValueError, "a date's part is out of range");
            }
            return -1;
        }
    }
    if (count == 0) {
        PyErr_SetString(PyExc_ValueError, "a date without its year");
        return -1;
    }
    char text[16];
    int length = count == 1 ? snprintf(text, sizeof text, "\"%04ld\"", parts[0])
                 : count == 2 ? snprintf(text, sizeof text, "\"%04ld-%02ld\"", parts[0], parts[1])
                 : snprintf(text, sizeof text, "\"%04ld-%02ld-%02ld\"", parts[0], parts[1],
                            parts[2]);
    return put(out, text, length);
}

static int
put_value(Out *out, const Field *field, PyObject *value)
{
    switch (field->kind) {
    case KIND_TEXT:
        if (!PyUnicode_CheckExact(value)) {
            break;
        }
        return put_text(out, value);
    case KIND_TERM:
        if (Py_TYPE(value) != (PyTypeObject *)field->arg) {
            break;
        }
        return put_text(out, value);
    case KIND_INT:
        if (!PyLong_CheckExact(value)) {
            break;
        }
        return put_int(out, value);
    case KIND_BOOL:
        if (!PyBool_Check(value)) {
            break;
        }
        return value == Py_True ? put(out, "true", 4) : put(out, "false", 5);
    case KIND_DATE:
        return put_date(out, (Writer *)field->arg, value);
    case KIND_MODEL:
        return write_object((Writer *)field->arg, value, out);
    case KIND_RECORD: {
        PyObject *writer = PyDict_GetItemWithError(field->arg, (PyObject *)Py_TYPE(value));
        if (writer == NULL || !Py_IS_TYPE(writer, &WriterType)) {
            if (!PyErr_Occurred()) {
                PyErr_Format(PyExc_TypeError, "no Writer for a %.100s", Py_TYPE(value)->tp_name);
            }
            return -1;
        }
        Py_INCREF(writer); /* the dict's reference is borrowed */
        int result = write_object((Writer *)writer, value, out);
        Py_DECREF(writer);
        return result;
    }
    }
    PyErr_Format(PyExc_TypeError, "a value of the wrong type: %.100s", Py_TYPE(value)->tp_name);
    return -1;
}

static int
put_field(Out *out, const Field *field, PyObject *value)
{
    if (value == Py_None) {
        if (!field->nullable) {
            PyErr_SetString(PyExc_TypeError, "None where a value belongs");
            return -1;
        }
        return put(out, "null", 4);
    }
    if (!field->many) {
        return put_value(out, field, value);
    }
    if (!PyTuple_CheckExact(value)) {
        PyErr_Format(PyExc_TypeError, "expected a tuple, got %.100s", Py_TYPE(value)->tp_name);
        return -1;
    }
    if (put_char(out, '[') < 0) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(value); i++) {
        if ((i && put_char(out, ',') < 0) ||
            put_value(out, field, PyTuple_GET_ITEM(value, i)) < 0) {
            return -1;
        }
    }
    return put_char(out, ']');
}

static int
left_out(const Field *field, PyObject *value)
{
    /* Whether the field holds its default, which the converter leaves out. */
    if (!field->omit) {
        return 0;
    }
    if (value == field->fallback) { /* None, the empty tuple, a vocabulary term */
        return 1;
    }
    if (Py_TYPE(value) != Py_TYPE(field->fallback)) {
        return 0;
    }
    return PyObject_RichCompareBool(value, field->fallback, Py_EQ);
}

static int
write_object(Writer *writer, PyObject *obj, Out *out)
{
    if (writer->cls == NULL) {
        PyErr_SetString(PyExc_TypeError, "a Writer not made with its class writes nothing");
        return -1;
    }
    if (Py_TYPE(obj) != writer->cls) {
        PyErr_Format(PyExc_TypeError, "expected %.100s, got %.100s", writer->cls->tp_name,
                     Py_TYPE(obj)->tp_name);
        return -1;
    }
    if (Py_EnterRecursiveCall(" while writing JSON")) {
        return -1;
    }
    int result = -1;
    int first = PyBytes_GET_SIZE(writer->prefix) == 1; /* no tag before the fields */
    if (put_bytes(out, writer->prefix) < 0) {
        goto finally;
    }
    for (Py_ssize_t i = 0; i < writer->size; i++) {
        const Field *field = &writer->table[i];
        PyObject *value = slot(obj, field->offset);
        if (value == NULL) {
            PyErr_Format(PyExc_AttributeError, "a %.100s with a field never set",
                         writer->cls->tp_name);
            goto finally;
        }
        /* Held while it is written: Python code run meanwhile may set the slot. */
        Py_INCREF(value);
        int skip = left_out(field, value);
        if (skip == 0) {
            skip = (!first && put_char(out, ',') < 0) || put_bytes(out, field->key) < 0 ||
                           put_field(out, field, value) < 0
                       ? -1
                       : 0;
            first = 0;
        }
        Py_DECREF(value);
        if (skip < 0) {
            goto finally;
        }
    }
    result = put_char(out, '}');
finally:
    Py_LeaveRecursiveCall();
    return result;
}

/* ------------------------------------------------------------------------ Writer */

static PyObject *
written(Writer *writer, PyObject *obj, Out *result)
{
    /* The bytes of obj's JSON; result tells what the text in it was. */
    /* Start a little above the previous output: a dataset written again needs no
     * doubling, and so no page faults on ever larger copies. */
    Py_ssize_t capacity = 4096;
    if (writer->last > capacity && writer->last < PY_SSIZE_T_MAX / 2) {
        capacity = writer->last + writer->last / 16;
    }
    Out out = {PyBytes_FromStringAndSize(NULL, capacity), NULL, 0, capacity, 0, 0};
    if (out.bytes == NULL) {
        return NULL;
    }
    out.data = PyBytes_AS_STRING(out.bytes);
    advise_huge_pages(out.data, (size_t)capacity);
    if (write_object(writer, obj, &out) < 0) {
        Py_XDECREF(out.bytes);
        return NULL;
    }
    writer->last = out.size;
    if (_PyBytes_Resize(&out.bytes, out.size) < 0) {
        return NULL;
    }
    *result = out;
    return out.bytes;
}

static PyObject *
writer_call(PyObject *self, PyObject *args, PyObject *kwargs)
{
    PyObject *obj;
    if (one_argument(args, kwargs, "Writer", &obj) < 0) {
        return NULL;
    }
    Out out;
    return written((Writer *)self, obj, &out);
}

static PyObject *counted_text(PyObject *raw, Py_ssize_t wide, Py_UCS4 largest);

static PyObject *
writer_text(PyObject *self, PyObject *obj)
{
    /* The str of the JSON, made in one pass over the bytes: their length in
     * characters and the kind of the str are known from the text written. */
    Out out;
    PyObject *raw = written((Writer *)self, obj, &out);
    if (raw == NULL) {
        return NULL;
    }
    PyObject *text = counted_text(raw, out.wide, out.largest);
    Py_DECREF(raw);
    return text;
}

static PyMethodDef writer_methods[] = {
    {"text", (PyCFunction)writer_text, METH_O,
     "text($self, obj, /)\n--\n\nThe JSON of ``obj`` as a str: ``self(obj).decode()``, made "
     "without a second pass over the bytes."},
    {NULL, NULL, 0, NULL},
};

static int
field_from(Field *field, PyObject *spec, PyTypeObject *cls, Py_ssize_t i)
{
    PyObject *descr;
    if (!PyArg_ParseTuple(spec, "OO!iiiiOO:Writer field", &descr, &PyBytes_Type, &field->key,
                          &field->kind, &field->many, &field->nullable, &field->omit,
                          &field->fallback, &field->arg)) {
        return -1;
    }
    if (slot_offset(descr, cls, &field->offset) < 0) {
        PyErr_Format(PyExc_TypeError, "field %zd: not an object slot of %.100s", i,
                     cls->tp_name);
        return -1;
    }
    int kind = field->kind;
    PyObject *arg = field->arg;
    int ok = kind == KIND_DATE || kind == KIND_MODEL ? Py_IS_TYPE(arg, &WriterType)
             : kind == KIND_RECORD ? PyDict_CheckExact(arg)
             : kind == KIND_TERM ? PyType_Check(arg) &&
                                       PyType_IsSubtype((PyTypeObject *)arg, &PyUnicode_Type)
             : kind >= 0 && kind <= KIND_LAST ? arg == Py_None
             : 0;
    if (!ok) {
        PyErr_Format(PyExc_ValueError, "field %zd: kind %d does not take a %.100s", i, kind,
                     Py_TYPE(arg)->tp_name);
        return -1;
    }
    if (kind == KIND_DATE && ((Writer *)arg)->size != 3) {
        PyErr_Format(PyExc_ValueError, "field %zd: a date's Writer reads three slots", i);
        return -1;
    }
    return 0;
}

static int
writer_init(Writer *self, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"cls", "prefix", "fields", NULL};
    PyObject *cls, *prefix, *fields;
    if (self->cls != NULL) {
        PyErr_SetString(PyExc_TypeError, "a Writer is made once");
        return -1;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!O!O!:Writer", names, &PyType_Type, &cls,
                                     &PyBytes_Type, &prefix, &PyTuple_Type, &fields)) {
        return -1;
    }
    if (PyBytes_GET_SIZE(prefix) == 0 || PyBytes_AS_STRING(prefix)[0] != '{') {
        PyErr_SetString(PyExc_ValueError, "prefix must start an object, with '{'");
        return -1;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(fields);
    Field *table = PyMem_New(Field, n ? n : 1);
    if (table == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (field_from(&table[i], PyTuple_GET_ITEM(fields, i), (PyTypeObject *)cls, i) < 0) {
            PyMem_Free(table);
            return -1;
        }
    }
    self->cls = (PyTypeObject *)Py_NewRef(cls);
    self->prefix = Py_NewRef(prefix);
    self->fields = Py_NewRef(fields);
    self->size = n;
    self->table = table;
    return 0;
}

static int
writer_traverse(Writer *self, visitproc visit, void *arg)
{
    Py_VISIT(self->cls);
    Py_VISIT(self->prefix);
    Py_VISIT(self->fields);
    return 0;
}

static int
writer_clear(Writer *self)
{
    /* A cleared Writer has no class, so it writes nothing, and no fields to borrow from. */
    self->size = 0;
    Py_CLEAR(self->cls);
    Py_CLEAR(self->prefix);
    Py_CLEAR(self->fields);
    return 0;
}

static void
writer_dealloc(Writer *self)
{
    PyObject_GC_UnTrack(self);
    writer_clear(self);
    PyMem_Free(self->table);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

PyDoc_STRVAR(writer_doc,
"Writer(cls, prefix, fields)\n--\n\n"
"Writes an object of exactly ``cls`` as compact JSON bytes: ``Writer(...)(obj)``.\n\n"
"``prefix`` opens the object (``b'{'``, or ``b'{\"type\":\"event\"'`` for a record).\n"
"``fields`` holds, in the order they are written, a tuple for each field:\n"
"``(slot, key, kind, many, nullable, omit, default, arg)``: the member descriptor of\n"
"the field's slot; its quoted key and colon, as bytes; what its value is (0 text,\n"
"1 int, 2 bool, 3 partial date, 4 model object, 5 record of any class, 6 term of a\n"
"vocabulary); whether it is a tuple of such values; whether None is allowed; whether\n"
"the field is left out when it holds ``default``; and, for kinds 3 and 4, the Writer\n"
"of the value's class (for a date, one reading its year, month and day), for kind 5,\n"
"a dict from each record class to its Writer, for kind 6, the vocabulary (a str\n"
"Enum whose terms' text is their value), else None.\n\n"
"Raises TypeError, ValueError, OverflowError or UnicodeEncodeError for any value it\n"
"cannot write exactly.");

static PyTypeObject WriterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "aigovernance.serialization._speedups.Writer",
    .tp_basicsize = sizeof(Writer),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = writer_doc,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)writer_init,
    .tp_call = writer_call,
    .tp_methods = writer_methods,
    .tp_traverse = (traverseproc)writer_traverse,
    .tp_clear = (inquiry)writer_clear,
    .tp_dealloc = (destructor)writer_dealloc,
};

/* ------------------------------------------------------------------------ Builder */

/* What a Builder does with a mirror's value to make the model's. */
enum {
    MAKE_SAME = 0,    /* the value as it is */
    MAKE_CALL = 1,    /* None, or the value passed to a function (a partial date's text) */
    MAKE_MODEL = 2,   /* None, or the model object another Builder makes of the value */
    MAKE_MODELS = 3,  /* a tuple (or a list, emptied), each item made by another Builder */
    MAKE_RECORDS = 4, /* the same, each item made by the Builder a dict holds for its type */
    MAKE_LAST = MAKE_RECORDS,
};

/* The tests a Builder runs itself on a field's value, or on each of its items: the
 * plainest of the model's checks (``Native`` in ``_checking.py``, which numbers them
 * alike), which would otherwise cost each object a call into Python. A value that is
 * not of the exact type a test names fails it: the object is then refused, and the
 * general way reads the document and gives the verdict, so a test may be stricter
 * than the check it stands for, never looser. */
enum {
    TEST_NONE_PASSES = 0, /* None passes this step and every later one, and its items' */
    TEST_NONBLANK = 1,    /* a str with a character that is not white space */
    TEST_NONEMPTY = 2,    /* a tuple with an item */
    TEST_UNIQUE = 3,      /* a tuple with no item twice */
    TEST_MEMBER = 4,      /* a str in the set a, or for which the function b is true */
    TEST_MATCH = 5,       /* a str for which the function a gives other than None */
    TEST_MINIMUM = 6,     /* an int at least the int a */
    TEST_LAST = TEST_MINIMUM,
};

/* How many items a tuple may have to be tested for repeats pair by pair. */
#define UNIQUE_PAIRWISE 16

typedef struct {
    int test;
    PyObject *a, *b; /* borrowed from the Builder's fields */
} Test;

typedef struct {
    Py_ssize_t from; /* the value's slot in the mirror */
    Py_ssize_t to;   /* the field's slot in the model object */
    int kind;
    PyObject *arg;   /* the function, Builder or dict the kind needs (borrowed) */
    const Test *tests; /* the value's tests, then its items' (in the Builder's table) */
    Py_ssize_t n_tests, n_each;
} Move;

/* The slots of a quoted span: start, end, quote, prefix, suffix. */
#define SPAN_SLOTS 5

typedef struct {
    PyObject_HEAD
    PyTypeObject *mirror; /* the exact type of the mirrors read; NULL until made */
    PyTypeObject *cls;    /* the class made */
    PyObject *check;      /* called with each object made, or None */
    PyObject *miss;       /* raised when a test fails, or None when there are none */
    PyObject *unsound;    /* called with an object whose span the Builder cannot pass */
    PyObject *fields;     /* the tuple the Builder was made with, owning what Move borrows */
    Py_ssize_t size;
    Move *table;
    Test *tests;
    int has_span;
    Py_ssize_t span[SPAN_SLOTS];
} Builder;

static PyTypeObject BuilderType;

static PyObject *build(Builder *builder, PyObject *mirror);

static int
nonblank(PyObject *value)
{
    /* str.isspace() is false of the empty text and of any with another character. */
    if (!PyUnicode_CheckExact(value)) {
        return 0;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(value);
    int kind = PyUnicode_KIND(value);
    const void *data = PyUnicode_DATA(value);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) {
            return 1;
        }
    }
    return 0;
}

static int
compares_as_str(PyObject *item)
{
    /* A str, or a subclass (a vocabulary's term) that hashes and compares as str does:
     * two of them are equal exactly when their characters are. */
    PyTypeObject *type = Py_TYPE(item);
    return PyUnicode_Check(item) && type->tp_richcompare == PyUnicode_Type.tp_richcompare &&
           type->tp_hash == PyUnicode_Type.tp_hash;
}

static int
same_text(PyObject *a, PyObject *b)
{
    /* Equal text has one canonical form: the same length, width and bytes. */
    Py_ssize_t n = PyUnicode_GET_LENGTH(a);
    return a == b || (n == PyUnicode_GET_LENGTH(b) && PyUnicode_KIND(a) == PyUnicode_KIND(b) &&
                      memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b),
                             (size_t)n * PyUnicode_KIND(a)) == 0);
}

static int
unique(PyObject *value)
{
    /* len(set(value)) == len(value): a few texts are compared pair by pair, anything
     * else is put in a set, as Python would, so the work stays linear. */
    if (!PyTuple_CheckExact(value)) {
        return 0;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(value);
    if (n < 2) {
        return 1;
    }
    int texts = n <= UNIQUE_PAIRWISE;
    for (Py_ssize_t i = 0; texts && i < n; i++) {
        texts = compares_as_str(PyTuple_GET_ITEM(value, i));
    }
    if (texts) {
        for (Py_ssize_t i = 1; i < n; i++) {
            for (Py_ssize_t j = 0; j < i; j++) {
                if (same_text(PyTuple_GET_ITEM(value, i), PyTuple_GET_ITEM(value, j))) {
                    return 0;
                }
            }
        }
        return 1;
    }
    PyObject *set = PySet_New(value); /* hashing may run Python code: the caller holds value */
    if (set == NULL) {
        return -1;
    }
    int distinct = PySet_GET_SIZE(set) == n;
    Py_DECREF(set);
    return distinct;
}

static int
called_with(PyObject *fn, PyObject *value, int none_fails)
{
    /* Whether fn(value) is true (or, with none_fails, not None); -1 on an error. */
    PyObject *result = PyObject_CallOneArg(fn, value);
    if (result == NULL) {
        return -1;
    }
    int passed = none_fails ? result != Py_None : PyObject_IsTrue(result);
    Py_DECREF(result);
    return passed;
}

static int
passes(const Test *tests, Py_ssize_t n, PyObject *value)
{
    /* 1 when value passes every test, 2 when it is None after TEST_NONE_PASSES, 0 when
     * it fails one, -1 on an error. The caller holds value: the functions called are
     * Python code. */
    for (Py_ssize_t i = 0; i < n; i++) {
        const Test *t = &tests[i];
        int passed;
        switch (t->test) {
        case TEST_NONE_PASSES:
            if (value == Py_None) {
                return 2;
            }
            passed = 1;
            break;
        case TEST_NONBLANK:
            passed = nonblank(value);
            break;
        case TEST_NONEMPTY:
            passed = PyTuple_CheckExact(value) && PyTuple_GET_SIZE(value) > 0;
            break;
        case TEST_UNIQUE:
            passed = unique(value);
            break;
        case TEST_MEMBER:
            if (!PyUnicode_CheckExact(value)) {
                return 0;
            }
            passed = PySet_Contains(t->a, value);
            if (passed == 0) {
                passed = called_with(t->b, value, 0);
            }
            break;
        case TEST_MATCH:
            passed = PyUnicode_CheckExact(value) ? called_with(t->a, value, 1) : 0;
            break;
        default: /* TEST_MINIMUM */
            passed = PyLong_CheckExact(value) ? PyObject_RichCompareBool(value, t->a, Py_GE) : 0;
        }
        if (passed <= 0) {
            return passed;
        }
    }
    return 1;
}

static int
field_passes(const Move *move, PyObject *value)
{
    /* Whether the value held by the caller, and each of its items, pass their tests. */
    int passed = passes(move->tests, move->n_tests, value);
    if (passed != 1 || move->n_each == 0) {
        return passed == 2 ? 1 : passed;
    }
    if (!PyTuple_CheckExact(value)) {
        return 0;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(value); i++) {
        /* Borrowed: the tuple is held and cannot change. */
        passed = passes(move->tests + move->n_tests, move->n_each, PyTuple_GET_ITEM(value, i));
        if (passed <= 0) {
            return passed;
        }
    }
    return 1;
}

static int
span_sound(PyObject *obj, const Py_ssize_t *span)
{
    /* All five None; or 0 <= start <= end, a quote of end - start characters, and a
     * prefix and a suffix each None or not empty. 0 when not (or not sure), -1 on an
     * error. Reads borrowed slots: nothing here runs Python code. */
    PyObject *start = slot(obj, span[0]), *end = slot(obj, span[1]),
             *quote = slot(obj, span[2]), *prefix = slot(obj, span[3]),
             *suffix = slot(obj, span[4]);
    if (start == NULL || end == NULL || quote == NULL || prefix == NULL || suffix == NULL) {
        return 0;
    }
    if (start == Py_None && end == Py_None && quote == Py_None) {
        return prefix == Py_None && suffix == Py_None;
    }
    if (!PyLong_CheckExact(start) || !PyLong_CheckExact(end) || !PyUnicode_CheckExact(quote)) {
        return 0;
    }
    PyObject *context[2] = {prefix, suffix};
    for (int i = 0; i < 2; i++) {
        if (context[i] != Py_None &&
            !(PyUnicode_CheckExact(context[i]) && PyUnicode_GET_LENGTH(context[i]) > 0)) {
            return 0;
        }
    }
    int overflow;
    long long first = PyLong_AsLongLongAndOverflow(start, &overflow);
    if (overflow) {
        return 0;
    }
    long long last = PyLong_AsLongLongAndOverflow(end, &overflow);
    if (overflow) {
        return 0;
    }
    if ((first == -1 || last == -1) && PyErr_Occurred()) {
        return -1;
    }
    return 0 <= first && first <= last && PyUnicode_GET_LENGTH(quote) == last - first;
}

static PyObject *
built_item(PyObject *item, const Move *move)
{
    /* The model object made of one item of a tuple or list. */
    PyObject *builder = move->arg;
    if (move->kind == MAKE_RECORDS) {
        builder = PyDict_GetItemWithError(move->arg, (PyObject *)Py_TYPE(item));
        if (builder == NULL || !Py_IS_TYPE(builder, &BuilderType)) {
            if (!PyErr_Occurred()) {
                PyErr_Format(PyExc_TypeError, "no Builder for a %.100s", Py_TYPE(item)->tp_name);
            }
            return NULL;
        }
    }
    Py_INCREF(builder); /* borrowed from the dict, and the check is Python code */
    PyObject *made = build((Builder *)builder, item);
    Py_DECREF(builder);
    return made;
}

static PyObject *
built_list(PyObject *list, const Move *move)
{
    /* A tuple of the objects made of a list's items, each item replaced by None in the
     * list once its object is made: a mirror held by nothing else is freed then, so
     * that a large document's mirrors and objects are not all alive at once. The
     * checks are Python code and may change the list; one that changed size is refused
     * (the objects made so far are dropped). */
    Py_ssize_t n = PyList_GET_SIZE(list);
    if (n == 0) {
        return PyTuple_New(0);
    }
    PyObject *result = PyTuple_New(n);
    if (result == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyList_GET_SIZE(list) != n) {
            goto changed;
        }
        /* Held while it is made: the list's reference goes before the item is done. */
        PyObject *item = Py_NewRef(PyList_GET_ITEM(list, i));
        PyObject *made = built_item(item, move);
        if (made == NULL) {
            Py_DECREF(item);
            Py_DECREF(result);
            return NULL;
        }
        PyTuple_SET_ITEM(result, i, made);
        if (PyList_GET_SIZE(list) != n) {
            Py_DECREF(item);
            goto changed;
        }
        /* The list lets go of the item before the item is released, which may free it
         * (and whatever it alone holds) but runs no code that could see the list. */
        PyObject *old = PyList_GET_ITEM(list, i);
        PyList_SET_ITEM(list, i, Py_NewRef(Py_None));
        Py_DECREF(old);
        Py_DECREF(item);
    }
    return result;
changed:
    PyErr_SetString(PyExc_RuntimeError, "the list changed size while its items were made");
    Py_DECREF(result);
    return NULL;
}

static PyObject *
built_tuple(PyObject *value, const Move *move)
{
    if (PyList_CheckExact(value)) {
        return built_list(value, move);
    }
    if (!PyTuple_CheckExact(value)) {
        PyErr_Format(PyExc_TypeError, "expected a tuple or a list, got %.100s",
                     Py_TYPE(value)->tp_name);
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(value);
    if (n == 0) {
        return Py_NewRef(value);
    }
    PyObject *result = PyTuple_New(n);
    if (result == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        /* Borrowed from the tuple, which the caller holds and which cannot change. */
        PyObject *made = built_item(PyTuple_GET_ITEM(value, i), move);
        if (made == NULL) {
            Py_DECREF(result);
            return NULL;
        }
        PyTuple_SET_ITEM(result, i, made);
    }
    return result;
}

static PyObject *
build(Builder *builder, PyObject *mirror)
{
    if (builder->mirror == NULL) {
        PyErr_SetString(PyExc_TypeError, "a Builder not made with its classes makes nothing");
        return NULL;
    }
    if (Py_TYPE(mirror) != builder->mirror) {
        PyErr_Format(PyExc_TypeError, "expected %.100s, got %.100s", builder->mirror->tp_name,
                     Py_TYPE(mirror)->tp_name);
        return NULL;
    }
    if (Py_EnterRecursiveCall(" while making a model object")) {
        return NULL;
    }
    PyTypeObject *cls = builder->cls;
    PyObject *obj = cls->tp_alloc(cls, 0); /* as object.__new__(cls): every slot empty */
    if (obj == NULL) {
        goto fail;
    }
    for (Py_ssize_t i = 0; i < builder->size; i++) {
        const Move *move = &builder->table[i];
        PyObject *value = slot(mirror, move->from);
        if (value == NULL) {
            PyErr_Format(PyExc_AttributeError, "a %.100s with a field never set",
                         builder->mirror->tp_name);
            goto fail;
        }
        /* Held while it is used: the parser and the checks are Python code, and a
         * mirror's fields can be set. */
        Py_INCREF(value);
        PyObject *made;
        switch (move->kind) {
        case MAKE_CALL:
            made = value == Py_None ? Py_NewRef(value) : PyObject_CallOneArg(move->arg, value);
            break;
        case MAKE_MODEL:
            made = value == Py_None ? Py_NewRef(value) : build((Builder *)move->arg, value);
            break;
        case MAKE_MODELS:
        case MAKE_RECORDS:
            made = built_tuple(value, move);
            break;
        default:
            made = Py_NewRef(value);
        }
        Py_DECREF(value);
        if (made == NULL) {
            goto fail;
        }
        if (move->n_tests || move->n_each) {
            int passed = field_passes(move, made);
            if (passed <= 0) {
                if (passed == 0) {
                    PyErr_SetNone(builder->miss);
                }
                Py_DECREF(made);
                goto fail;
            }
        }
        PyObject **field = (PyObject **)((char *)obj + move->to);
        Py_XSETREF(*field, made);
    }
    if (builder->has_span) {
        int sound = span_sound(obj, builder->span);
        if (sound < 0) {
            goto fail;
        }
        if (!sound) {
            PyObject *asked = PyObject_CallOneArg(builder->unsound, obj);
            if (asked == NULL) {
                goto fail;
            }
            Py_DECREF(asked);
        }
    }
    if (builder->check != Py_None) {
        PyObject *checked = PyObject_CallOneArg(builder->check, obj);
        if (checked == NULL) {
            goto fail;
        }
        Py_DECREF(checked);
    }
    Py_LeaveRecursiveCall();
    return obj;
fail:
    Py_XDECREF(obj);
    Py_LeaveRecursiveCall();
    return NULL;
}

static PyObject *
builder_call(PyObject *self, PyObject *args, PyObject *kwargs)
{
    PyObject *mirror;
    if (one_argument(args, kwargs, "Builder", &mirror) < 0) {
        return NULL;
    }
    return build((Builder *)self, mirror);
}

static int
move_from(Move *move, PyObject *spec, PyTypeObject *mirror, PyTypeObject *cls, Py_ssize_t i,
          PyObject **steps)
{
    /* Reads a field's spec; its tests, each a tuple or NULL, go to steps[0] and steps[1]. */
    PyObject *from, *to;
    steps[0] = steps[1] = NULL;
    if (!PyTuple_Check(spec)) {
        PyErr_Format(PyExc_TypeError, "field %zd: expected a tuple", i);
        return -1;
    }
    if (!PyArg_ParseTuple(spec, "OOiO|O!O!:Builder field", &from, &to, &move->kind, &move->arg,
                          &PyTuple_Type, &steps[0], &PyTuple_Type, &steps[1])) {
        return -1;
    }
    if (slot_offset(from, mirror, &move->from) < 0) {
        PyErr_Format(PyExc_TypeError, "field %zd: not an object slot of %.100s", i,
                     mirror->tp_name);
        return -1;
    }
    if (slot_offset(to, cls, &move->to) < 0) {
        PyErr_Format(PyExc_TypeError, "field %zd: not an object slot of %.100s", i,
                     cls->tp_name);
        return -1;
    }
    int kind = move->kind;
    PyObject *arg = move->arg;
    int ok = kind == MAKE_SAME ? arg == Py_None
             : kind == MAKE_CALL ? PyCallable_Check(arg)
             : kind == MAKE_MODEL || kind == MAKE_MODELS ? Py_IS_TYPE(arg, &BuilderType)
             : kind == MAKE_RECORDS ? PyDict_CheckExact(arg)
             : 0;
    if (!ok) {
        PyErr_Format(PyExc_ValueError, "field %zd: kind %d does not take a %.100s", i, kind,
                     Py_TYPE(arg)->tp_name);
        return -1;
    }
    return 0;
}

static int
tests_from(Test *out, PyObject *steps, Py_ssize_t field)
{
    /* Reads a field's tests, each a (test, a, b) tuple, into out. */
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(steps); k++) {
        PyObject *step = PyTuple_GET_ITEM(steps, k);
        Test *t = &out[k];
        if (!PyTuple_Check(step)) {
            PyErr_Format(PyExc_TypeError, "field %zd: test %zd is not a tuple", field, k);
            return -1;
        }
        if (!PyArg_ParseTuple(step, "iOO:Builder test", &t->test, &t->a, &t->b)) {
            return -1;
        }
        int ok;
        switch (t->test) {
        case TEST_MEMBER:
            ok = PyAnySet_CheckExact(t->a) && PyCallable_Check(t->b);
            break;
        case TEST_MATCH:
            ok = PyCallable_Check(t->a) && t->b == Py_None;
            break;
        case TEST_MINIMUM:
            ok = PyLong_CheckExact(t->a) && t->b == Py_None;
            break;
        default:
            ok = t->test >= 0 && t->test <= TEST_LAST && t->a == Py_None && t->b == Py_None;
        }
        if (!ok) {
            PyErr_Format(PyExc_ValueError, "field %zd: test %zd (%d) does not take those arguments",
                         field, k, t->test);
            return -1;
        }
    }
    return 0;
}

static int
builder_init(Builder *self, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"mirror", "cls", "fields", "check", "miss", "span", "unsound", NULL};
    PyObject *mirror, *cls, *fields, *check, *miss = Py_None, *span = Py_None,
                                             *unsound = Py_None;
    if (self->mirror != NULL) {
        PyErr_SetString(PyExc_TypeError, "a Builder is made once");
        return -1;
    }
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!O!O!O|$OOO:Builder", names, &PyType_Type,
                                     &mirror, &PyType_Type, &cls, &PyTuple_Type, &fields,
                                     &check, &miss, &span, &unsound)) {
        return -1;
    }
    PyTypeObject *made = (PyTypeObject *)cls;
    if (made->tp_new != PyBaseObject_Type.tp_new || made->tp_flags & Py_TPFLAGS_IS_ABSTRACT ||
        made->tp_itemsize != 0) {
        PyErr_Format(PyExc_TypeError, "%.100s is not made by object.__new__ alone",
                     made->tp_name);
        return -1;
    }
    if (check != Py_None && !PyCallable_Check(check)) {
        PyErr_SetString(PyExc_TypeError, "check must be callable or None");
        return -1;
    }
    Py_ssize_t span_at[SPAN_SLOTS];
    int has_span = span != Py_None;
    if (has_span) {
        if (!PyTuple_Check(span) || PyTuple_GET_SIZE(span) != SPAN_SLOTS) {
            PyErr_SetString(PyExc_TypeError, "span must be None or a tuple of 5 slots");
            return -1;
        }
        for (int i = 0; i < SPAN_SLOTS; i++) {
            if (slot_offset(PyTuple_GET_ITEM(span, i), made, &span_at[i]) < 0) {
                PyErr_Format(PyExc_TypeError, "span %d: not an object slot of %.100s", i,
                             made->tp_name);
                return -1;
            }
        }
        if (!PyCallable_Check(unsound)) {
            PyErr_SetString(PyExc_TypeError, "a span needs unsound, a callable");
            return -1;
        }
    }
    Py_ssize_t n = PyTuple_GET_SIZE(fields);
    Move *table = PyMem_New(Move, n ? n : 1);
    PyObject **steps = PyMem_New(PyObject *, 2 * (n ? n : 1));
    Test *tests = NULL;
    if (table == NULL || steps == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    Py_ssize_t total = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (move_from(&table[i], PyTuple_GET_ITEM(fields, i), (PyTypeObject *)mirror, made, i,
                      &steps[2 * i]) < 0) {
            goto fail;
        }
        for (int k = 0; k < 2; k++) {
            total += steps[2 * i + k] == NULL ? 0 : PyTuple_GET_SIZE(steps[2 * i + k]);
        }
    }
    if ((total || has_span) ? !PyExceptionClass_Check(miss)
                            : miss != Py_None && !PyExceptionClass_Check(miss)) {
        PyErr_SetString(PyExc_TypeError, "tests need miss, an exception class");
        goto fail;
    }
    tests = PyMem_New(Test, total ? total : 1);
    if (tests == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    Test *next = tests;
    for (Py_ssize_t i = 0; i < n; i++) {
        Move *move = &table[i];
        move->tests = next;
        move->n_tests = move->n_each = 0;
        for (int k = 0; k < 2; k++) {
            PyObject *given = steps[2 * i + k];
            if (given == NULL) {
                continue;
            }
            if (tests_from(next, given, i) < 0) {
                goto fail;
            }
            *(k ? &move->n_each : &move->n_tests) = PyTuple_GET_SIZE(given);
            next += PyTuple_GET_SIZE(given);
        }
    }
    PyMem_Free(steps);
    self->mirror = (PyTypeObject *)Py_NewRef(mirror);
    self->cls = (PyTypeObject *)Py_NewRef(cls);
    self->check = Py_NewRef(check);
    self->miss = Py_NewRef(miss);
    self->unsound = Py_NewRef(unsound);
    self->fields = Py_NewRef(fields);
    self->size = n;
    self->table = table;
    self->tests = tests;
    self->has_span = has_span;
    if (has_span) {
        memcpy(self->span, span_at, sizeof(span_at));
    }
    return 0;
fail:
    PyMem_Free(table);
    PyMem_Free(steps);
    PyMem_Free(tests);
    return -1;
}

static int
builder_traverse(Builder *self, visitproc visit, void *arg)
{
    Py_VISIT(self->mirror);
    Py_VISIT(self->cls);
    Py_VISIT(self->check);
    Py_VISIT(self->miss);
    Py_VISIT(self->unsound);
    Py_VISIT(self->fields);
    return 0;
}

static int
builder_clear(Builder *self)
{
    /* A cleared Builder has no mirror type, so it makes nothing. */
    self->size = 0;
    self->has_span = 0;
    Py_CLEAR(self->mirror);
    Py_CLEAR(self->cls);
    Py_CLEAR(self->check);
    Py_CLEAR(self->miss);
    Py_CLEAR(self->unsound);
    Py_CLEAR(self->fields);
    return 0;
}

static void
builder_dealloc(Builder *self)
{
    PyObject_GC_UnTrack(self);
    builder_clear(self);
    PyMem_Free(self->table);
    PyMem_Free(self->tests);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

PyDoc_STRVAR(builder_doc,
"Builder(mirror, cls, fields, check, *, miss=None, span=None, unsound=None)\n--\n\n"
"Makes a ``cls`` object from a mirror of exactly type ``mirror``: ``Builder(...)(m)``.\n\n"
"``fields`` holds a ``(from, to, kind, arg)`` for each field: the member descriptors\n"
"of the value's slot in the mirror and of the field's slot in ``cls``; 0 to take the\n"
"value as it is (``arg`` None), 1 to call ``arg`` with a value that is not None,\n"
"2 to make a value that is not None with the Builder ``arg``, 3 to do that to each\n"
"item of a tuple, 4 to make each item of a tuple with the Builder that the dict\n"
"``arg`` holds for the item's type. The object is made as ``object.__new__(cls)``\n"
"makes it, its slots are set, and ``check`` (unless None) is called with it: it\n"
"raises to refuse the object.\n\n"
"A field's tuple may go on with two tuples of tests, ``(test, a, b)`` each, that its\n"
"value and each of its items must pass (numbered as ``Native`` in ``_checking.py``\n"
"numbers them); the exception class ``miss`` is raised when one fails. ``span``, the\n"
"member descriptors of five slots of ``cls`` (start, end, quote, prefix, suffix),\n"
"is tested on each object made: all None, or 0 <= start <= end, a quote of\n"
"end - start characters, and a prefix and a suffix each None or not empty; where it\n"
"is not (or not surely) so, ``unsound`` is called with the object, and raises to\n"
"refuse it.\n\n"
"For kinds 3 and 4 a mirror may hold a list instead of the tuple. The field is\n"
"still given a tuple, and the list is emptied as it goes: each item is replaced by\n"
"None once its object is made, so that a mirror held by nothing else is freed as\n"
"soon as its object exists.");

static PyTypeObject BuilderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "aigovernance.serialization._speedups.Builder",
    .tp_basicsize = sizeof(Builder),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = builder_doc,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)builder_init,
    .tp_call = builder_call,
    .tp_traverse = (traverseproc)builder_traverse,
    .tp_clear = (inquiry)builder_clear,
    .tp_dealloc = (destructor)builder_dealloc,
};

/* -------------------------------------------------------------------------- text */

/* The text of UTF-8 bytes, as bytes.decode() makes it, several times faster on large
 * outputs: a str of the JSON the Writer wrote is two bytes a character once one
 * character is beyond Latin-1, twice the bytes' size, and its memory asks for huge
 * pages as the Writer's output does. */

#define NOT_UTF8 ((Py_UCS4)-1)

static inline Py_UCS4
code_point(const unsigned char *s, Py_ssize_t left, int *size)
{
    /* The code point of the UTF-8 sequence starting at s, with ``left`` bytes after s
     * (s included), and its length; NOT_UTF8 where s starts none (an overlong form, a
     * surrogate, beyond U+10FFFF, or cut short). s[0] is not ASCII. */
    unsigned int c = s[0];
    Py_UCS4 point;
    if (c < 0xC2) {
        return NOT_UTF8; /* a continuation byte, or an overlong form of ASCII */
    }
    if (c < 0xE0) {
        if (left < 2 || (s[1] & 0xC0) != 0x80) {
            return NOT_UTF8;
        }
        *size = 2;
        return ((Py_UCS4)(c & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (c < 0xF0) {
        if (left < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) {
            return NOT_UTF8;
        }
        point = ((Py_UCS4)(c & 0x0F) << 12) | ((Py_UCS4)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        if (point < 0x800 || (point >= 0xD800 && point <= 0xDFFF)) {
            return NOT_UTF8;
        }
        *size = 3;
        return point;
    }
    if (c < 0xF5) {
        if (left < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
            (s[3] & 0xC0) != 0x80) {
            return NOT_UTF8;
        }
        point = ((Py_UCS4)(c & 0x07) << 18) | ((Py_UCS4)(s[1] & 0x3F) << 12) |
                ((Py_UCS4)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        if (point < 0x10000 || point > 0x10FFFF) {
            return NOT_UTF8;
        }
        *size = 4;
        return point;
    }
    return NOT_UTF8;
}

static inline Py_ssize_t
ascii_run(const unsigned char *s, Py_ssize_t n)
{
    /* The length of the run of ASCII bytes at the start of s[0:n]. */
    Py_ssize_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        memcpy(&word, s + i, 8);
        if (word & HIGHS) {
            break;
        }
    }
    while (i < n && s[i] < 0x80) {
        i++;
    }
    return i;
}

/* Fills the str ``text`` of characters of TYPE from the ``n`` bytes at ``s``; 0 unless
 * they are UTF-8 of exactly as many characters, none beyond what the kind holds and one
 * beyond the next smaller kind (as a str of that kind must hold), else 1. */
#define FILL_COUNTED(TYPE, SMALLER)                                                    \
    do {                                                                               \
        TYPE *to = (TYPE *)PyUnicode_DATA(text);                                       \
        TYPE *const end = to + PyUnicode_GET_LENGTH(text);                             \
        Py_UCS4 seen = 0;                                                              \
        Py_ssize_t i = 0;                                                              \
        while (i < n) {                                                                \
            Py_ssize_t run = ascii_run(s + i, n - i);                                  \
            if (run > end - to) {                                                      \
                return 0;                                                              \
            }                                                                          \
            for (Py_ssize_t k = 0; k < run; k++) {                                     \
                to[k] = s[i + k];                                                      \
            }                                                                          \
            to += run;                                                                 \
            i += run;                                                                  \
            if (i < n) {                                                               \
                int size = 1;                                                          \
                Py_UCS4 point = code_point(s + i, n - i, &size);                       \
                if (to == end || point == NOT_UTF8 || point > largest) {               \
                    return 0;                                                          \
                }                                                                      \
                seen = point > seen ? point : seen;                                    \
                *to++ = (TYPE)point;                                                   \
                i += size;                                                             \
            }                                                                          \
        }                                                                              \
        return to == end && seen > (SMALLER);                                          \
    } while (0)

static int
fill_counted(PyObject *text, const unsigned char *s, Py_ssize_t n)
{
    Py_UCS4 largest = PyUnicode_MAX_CHAR_VALUE(text);
    if (largest < 0x80) {
        if (PyUnicode_GET_LENGTH(text) != n || ascii_run(s, n) != n) {
            return 0;
        }
        memcpy(PyUnicode_DATA(text), s, (size_t)n);
        return 1;
    }
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        FILL_COUNTED(Py_UCS1, 0x7F);
    case PyUnicode_2BYTE_KIND:
        FILL_COUNTED(Py_UCS2, 0xFF);
    default:
        FILL_COUNTED(Py_UCS4, 0xFFFF);
    }
}

#undef FILL_COUNTED

static PyObject *
speedups_text(PyObject *module, PyObject *raw)
{
    (void)module;
    if (!PyBytes_Check(raw)) {
        PyErr_Format(PyExc_TypeError, "text() takes bytes, not %.100s", Py_TYPE(raw)->tp_name);
        return NULL;
    }
    const unsigned char *s = (const unsigned char *)PyBytes_AS_STRING(raw);
    Py_ssize_t n = PyBytes_GET_SIZE(raw);
    /* First the length in characters and the largest one, checking the UTF-8. */
    Py_ssize_t length = n;
    Py_UCS4 largest = 0x7F;
    for (Py_ssize_t i = ascii_run(s, n); i < n; i += ascii_run(s + i, n - i)) {
        int size = 1;
        Py_UCS4 point = code_point(s + i, n - i, &size);
        if (point == NOT_UTF8) {
            /* Not UTF-8: the decoder says where and what. */
            return PyUnicode_DecodeUTF8((const char *)s, n, NULL);
        }
        largest = point > largest ? point : largest;
        length -= size - 1;
        i += size;
    }
    PyObject *text = PyUnicode_New(length, largest);
    if (text == NULL) {
        return NULL;
    }
    advise_huge_pages(PyUnicode_DATA(text), (size_t)length * (size_t)PyUnicode_KIND(text));
    if (!fill_counted(text, s, n)) { /* cannot be: the bytes were counted just now */
        Py_DECREF(text);
        PyErr_SetString(PyExc_SystemError, "text(): the bytes changed while read");
        return NULL;
    }
    return text;
}


static PyObject *
counted_text(PyObject *raw, Py_ssize_t wide, Py_UCS4 largest)
{
    /* The str of the UTF-8 bytes raw, said to be of wide bytes beyond one a character
     * and to hold characters up to largest's kind. That is checked as the str is
     * filled; bytes that are not what was said are made into text the slower way. */
    const unsigned char *s = (const unsigned char *)PyBytes_AS_STRING(raw);
    Py_ssize_t n = PyBytes_GET_SIZE(raw);
    if (wide >= 0 && wide <= n) {
        PyObject *text = PyUnicode_New(n - wide, largest < 0x7F ? 0x7F : largest);
        if (text == NULL) {
            return NULL;
        }
        advise_huge_pages(PyUnicode_DATA(text),
                          (size_t)PyUnicode_GET_LENGTH(text) * (size_t)PyUnicode_KIND(text));
        if (fill_counted(text, s, n)) {
            return text;
        }
        Py_DECREF(text);
    }
    return speedups_text(NULL, raw);
}

/* ----------------------------------------------------------------- distinct keys */

/* Whether a JSON document that msgspec has read has no key twice in one object, the one
 * thing msgspec's reading does not tell (it keeps the last). One pass over the bytes,
 * holding the keys of the objects open at each moment: at most MAX_DEPTH objects and
 * arrays open and MAX_KEYS keys held, each object's keys compared pairwise when it
 * closes, so the work is linear in the document whatever it holds. Anything it cannot
 * be sure of (a key with an escape, which two spellings of one key may differ by, a
 * deeper document, more keys, bytes that are not JSON) answers no: the caller then
 * proves it the slower way. */

#define MAX_DEPTH 64
#define MAX_KEYS 1024

typedef struct {
    const unsigned char *start;
    Py_ssize_t size;
} Key;

static const unsigned char *
string_end(const unsigned char *p, const unsigned char *end)
{
    /* The quote that closes the string whose text starts at p, or NULL where none does.
     * A quote closes it unless an odd number of backslashes runs up to it; each run is
     * walked back once, by the quote it ends. */
    const unsigned char *start = p;
    for (;;) {
        const unsigned char *quote = memchr(p, '"', (size_t)(end - p));
        if (quote == NULL) {
            return NULL;
        }
        const unsigned char *run = quote;
        while (run > start && run[-1] == '\\') {
            run--;
        }
        if ((quote - run) % 2 == 0) {
            return quote;
        }
        p = quote + 1;
    }
}

static int
keys_differ(const Key *keys, Py_ssize_t first, Py_ssize_t last)
{
    /* Whether keys[first:last], the keys of one object, are all different. */
    for (Py_ssize_t i = first + 1; i < last; i++) {
        for (Py_ssize_t j = first; j < i; j++) {
            if (keys[i].size == keys[j].size &&
                memcmp(keys[i].start, keys[j].start, (size_t)keys[i].size) == 0) {
                return 0;
            }
        }
    }
    return 1;
}

static int
distinct_keys(const unsigned char *s, Py_ssize_t n)
{
    Key keys[MAX_KEYS];
    Py_ssize_t base[MAX_DEPTH]; /* an open object's first key, or -1 for an array */
    Py_ssize_t held = 0;
    int depth = 0;
    int key_next = 0; /* the next string is a key */
    const unsigned char *p = s, *end = s + n;
    while (p < end) {
        unsigned char c = *p;
        if (c == '"') {
            const unsigned char *start = ++p;
            p = string_end(start, end);
            if (p == NULL) {
                return 0; /* never closed */
            }
            if (key_next) {
                if (held == MAX_KEYS || memchr(start, '\\', (size_t)(p - start)) != NULL) {
                    return 0;
                }
                keys[held].start = start;
                keys[held].size = p - start;
                held++;
                key_next = 0;
            }
            p++;
            continue;
        }
        if (c == '{' || c == '[') {
            if (depth == MAX_DEPTH) {
                return 0;
            }
            base[depth++] = c == '{' ? held : -1;
            key_next = c == '{';
        }
        else if (c == '}' || c == ']') {
            if (depth == 0 || (base[depth - 1] < 0) != (c == ']')) {
                return 0;
            }
            Py_ssize_t first = base[--depth];
            if (first >= 0) {
                if (!keys_differ(keys, first, held)) {
                    return 0;
                }
                held = first;
            }
            key_next = 0;
        }
        else if (c == ',') {
            key_next = depth > 0 && base[depth - 1] >= 0;
        }
        p++;
    }
    return depth == 0;
}

static PyObject *
speedups_distinct_keys(PyObject *module, PyObject *raw)
{
    (void)module;
    if (!PyBytes_Check(raw)) {
        PyErr_Format(PyExc_TypeError, "distinct_keys() takes bytes, not %.100s",
                     Py_TYPE(raw)->tp_name);
        return NULL;
    }
    return PyBool_FromLong(distinct_keys((const unsigned char *)PyBytes_AS_STRING(raw),
                                         PyBytes_GET_SIZE(raw)));
}

PyDoc_STRVAR(speedups_distinct_keys_doc,
"distinct_keys(raw, /)\n--\n\n"
"True when certainly no object of the JSON bytes ``raw`` has a key twice; False when\n"
"one has, or where it cannot tell (a key with an escape, a document nested more than\n"
"64 deep or holding more than 1024 keys at once, bytes that are not JSON).");

PyDoc_STRVAR(speedups_text_doc,
"text(raw, /)\n--\n\n"
"The text of the UTF-8 bytes ``raw``: ``raw.decode()``, and the same errors.");

static PyMethodDef speedups_methods[] = {
    {"text", speedups_text, METH_O, speedups_text_doc},
    {"distinct_keys", speedups_distinct_keys, METH_O, speedups_distinct_keys_doc},
    {NULL, NULL, 0, NULL},
};

static int
speedups_exec(PyObject *module)
{
    if (PyType_Ready(&WriterType) < 0 || PyType_Ready(&BuilderType) < 0) {
        return -1;
    }
    if (PyModule_AddObjectRef(module, "Writer", (PyObject *)&WriterType) < 0) {
        return -1;
    }
    return PyModule_AddObjectRef(module, "Builder", (PyObject *)&BuilderType);
}

static PyModuleDef_Slot speedups_slots[] = {
    {Py_mod_exec, speedups_exec},
#ifdef Py_mod_multiple_interpreters
    /* The types are static, shared by every interpreter of the process. */
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
#ifdef Py_mod_gil
    /* The GIL is needed: slots are read with no lock against another thread setting them,
     * and a value is held only once it has been read. */
    {Py_mod_gil, Py_MOD_GIL_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "aigovernance.serialization._speedups",
    .m_doc = "Writing model objects as JSON, making them from mirrors, and JSON bytes' "
             "text and keys, in C.",
    .m_size = 0,
    .m_methods = speedups_methods,
    .m_slots = speedups_slots,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    return PyModuleDef_Init(&speedups_module);
}
