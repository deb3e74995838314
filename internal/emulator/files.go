package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// File is an entry of the emulated Files API: the zip a function is built
// from. A file whose name contains "broken", or whose metadata has
// "broken": "true", makes every deployment from it fail.
type File struct {
	ID         int64             `json:"id"`
	ExternalID string            `json:"externalId,omitempty"`
	Name       string            `json:"name"`
	MimeType   string            `json:"mimeType,omitempty"`
	Metadata   map[string]string `json:"metadata,omitempty"`
	// CreatedTime in ms since the epoch; 0 means the emulator's start.
	CreatedTime int64 `json:"createdTime,omitempty"`
}

func (f *File) broken() bool {
	return strings.Contains(strings.ToLower(f.Name), "broken") || strings.EqualFold(f.Metadata["broken"], "true")
}

func (f *File) describe() string {
	return fmt.Sprintf("%q (file id %d)", f.Name, f.ID)
}

// LoadFiles reads a JSON list of files.
func LoadFiles(path string) ([]File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var files []File
	if err := json.Unmarshal(b, &files); err != nil {
		return nil, fmt.Errorf("%s: want a JSON list of files: %w", path, err)
	}
	return files, nil
}

type fileTable struct {
	mu    sync.Mutex
	ids   map[int64]*File
	extID map[string]*File
	auto  bool
	newID func() int64
	now   func() time.Time
}

func newFileTable(files []File, auto bool, newID func() int64, now func() time.Time) (*fileTable, error) {
	t := &fileTable{ids: map[int64]*File{}, extID: map[string]*File{}, auto: auto, newID: newID, now: now}
	start := now().UnixMilli()
	for i := range files {
		f := files[i]
		if f.ID < 1 || f.ID > 1<<53-1 {
			return nil, fmt.Errorf("file %d: id must be between 1 and 2^53-1", i)
		}
		if _, dup := t.ids[f.ID]; dup {
			return nil, fmt.Errorf("file %d: id %d is listed twice", i, f.ID)
		}
		if f.ExternalID != "" {
			if _, dup := t.extID[f.ExternalID]; dup {
				return nil, fmt.Errorf("file %d: externalId %q is listed twice", i, f.ExternalID)
			}
			t.extID[f.ExternalID] = &f
		}
		if f.Name == "" {
			f.Name = "file-" + strconv.FormatInt(f.ID, 10) + ".zip"
		}
		if f.CreatedTime == 0 {
			f.CreatedTime = start
		}
		t.ids[f.ID] = &f
	}
	return t, nil
}

func (t *fileTable) byID(id int64) (*File, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if f, ok := t.ids[id]; ok {
		return f, true
	}
	if !t.auto || id < 1 {
		return nil, false
	}
	f := &File{ID: id, Name: "file-" + strconv.FormatInt(id, 10) + ".zip", CreatedTime: t.now().UnixMilli()}
	t.ids[id] = f
	return f, true
}

func (t *fileTable) byExternalID(x string) (*File, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if f, ok := t.extID[x]; ok {
		return f, true
	}
	if !t.auto || x == "" {
		return nil, false
	}
	f := &File{ID: t.newID(), ExternalID: x, Name: x + ".zip", CreatedTime: t.now().UnixMilli()}
	t.ids[f.ID] = f
	t.extID[x] = f
	return f, true
}

// FileByIDsRequest is the body of POST /files/byids.
type FileByIDsRequest struct {
	Items            []FileIdentifier `json:"items"`
	IgnoreUnknownIDs bool             `json:"ignoreUnknownIds"`
}

// FileIdentifier names a file by id or external id.
type FileIdentifier struct {
	ID         *int64  `json:"id,omitempty"`
	ExternalID *string `json:"externalId,omitempty"`
}

// FileMetadata is one item of the POST /files/byids response.
type FileMetadata struct {
	ID              int64             `json:"id"`
	ExternalID      string            `json:"externalId,omitempty"`
	Name            string            `json:"name"`
	MimeType        string            `json:"mimeType"`
	Metadata        map[string]string `json:"metadata,omitempty"`
	Uploaded        bool              `json:"uploaded"`
	CreatedTime     int64             `json:"createdTime"`
	LastUpdatedTime int64             `json:"lastUpdatedTime"`
	UploadedTime    int64             `json:"uploadedTime"`
}

// FilesByIDs looks files up like the Files API: an unknown identifier is a
// 400 listing it in missing, unless ignoreUnknownIds.
func (e *Emulator) FilesByIDs(req *FileByIDsRequest) ([]FileMetadata, error) {
	if len(req.Items) < 1 || len(req.Items) > 1000 {
		return nil, apiError(http.StatusBadRequest, "items must hold between 1 and 1000 identifiers")
	}
	out := make([]FileMetadata, 0, len(req.Items))
	var missing []map[string]any
	for _, it := range req.Items {
		var f *File
		var ok bool
		switch {
		case it.ID != nil && it.ExternalID == nil:
			if *it.ID < 1 || *it.ID > 1<<53-1 {
				return nil, apiError(http.StatusBadRequest, "id must be between 1 and 2^53-1")
			}
			f, ok = e.files.byID(*it.ID)
			if !ok {
				missing = append(missing, map[string]any{"id": *it.ID})
			}
		case it.ExternalID != nil && it.ID == nil:
			f, ok = e.files.byExternalID(*it.ExternalID)
			if !ok {
				missing = append(missing, map[string]any{"externalId": *it.ExternalID})
			}
		default:
			return nil, apiError(http.StatusBadRequest, "each item must have exactly one of id and externalId")
		}
		if ok {
			mime := f.MimeType
			if mime == "" {
				mime = "application/zip"
			}
			out = append(out, FileMetadata{ID: f.ID, ExternalID: f.ExternalID, Name: f.Name, MimeType: mime, Metadata: cloneStrings(f.Metadata),
				Uploaded: true, CreatedTime: f.CreatedTime, LastUpdatedTime: f.CreatedTime, UploadedTime: f.CreatedTime})
		}
	}
	if len(missing) > 0 && !req.IgnoreUnknownIDs {
		return nil, missingError(http.StatusBadRequest, "Files not found", missing)
	}
	return out, nil
}
